#!/usr/bin/env python3
"""Generate the SIP torture-test messages of RFC 4475 and RFC 5118.

Each message below is kept in the RFC's own notation (RFC 4475 section 2),
exactly as printed in the RFC, minus the 6-space indentation and page
furniture.  Running this script writes one <name>.dat per message, plus
index.tsv, into the directory holding this script, then verifies them.

Decoding rules (see README.md):
  * every line of a message is terminated by CRLF; an empty last line in
    a block is the empty line that ends a header section;
  * <allOneLine> ... </allOneLine>: the lines between the tags are joined
    with no separator (the tag lines themselves vanish);
  * <repeat count=N>s</repeat>: s repeated N times;
  * <hex>..</hex>: pairs of hex digits -> octets, whitespace and line
    breaks inside the tags ignored.

Usage:
  make-torture.py                         generate + verify
  make-torture.py --check-archive RFC4475.txt [RFC5118.txt]
        also decode the RFCs' Appendix A bit-exact archives and compare.
"""
import base64, gzip, hashlib, io, os, re, sys, tarfile
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))

_Msg = namedtuple('Msg', 'name rfc section title verdict kind reason checks text')
def Msg(name, rfc, section, title, verdict, kind, reason, checks, text):
    return _Msg(name, rfc, section, title, verdict, kind, reason, checks, text)


def decode(text):
    """RFC 4475 section 2 notation -> bytes."""
    assert text.startswith('\n') and text.endswith('\n'), 'block must start and end with a newline'
    t = text[1:]
    t = re.sub(r'<allOneLine>\n(.*?)\n</allOneLine>',
               lambda m: m.group(1).replace('\n', ''), t, flags=re.S)
    assert 'allOneLine' not in t
    t = re.sub(r'<repeat count=(\d+)>(.*?)</repeat>',
               lambda m: m.group(2) * int(m.group(1)), t, flags=re.S)
    assert '<repeat' not in t and '</repeat>' not in t
    out = bytearray()
    for i, part in enumerate(re.split(r'<hex>(.*?)</hex>', t, flags=re.S)):
        if i % 2:
            out += bytes.fromhex(re.sub(r'\s', '', part))
        else:
            assert '\r' not in part and '<hex>' not in part and '</hex>' not in part
            out += part.replace('\n', '\r\n').encode('ascii')
    return bytes(out)


MESSAGES = [
Msg('wsinv', '4475', '3.1.1.1', 'A Short Tortuous INVITE',
    verdict='valid', kind='request',
    reason='short tortuous INVITE: folding, LWS everywhere, mixed compact/long names, unknown headers/params, leading zeros; all elements must treat it as well formed',
    checks='method=INVITE;call-id=wsinv.ndaksdj@192.0.2.1;cseq=9 INVITE;from-tag=98asjd8;to-tag=1918181833n;via-count=3;via-branch=390skdjuw;max-forwards=68;content-length=150;body-length=150;contact-count=1',
    text=r"""
INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
TO :
 sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
from   : "J Rosenberg \\\""       <sip:jdrosen@example.com>
  ;
  tag = 98asjd8
MaX-fOrWaRdS: 0068
Call-ID: wsinv.ndaksdj@192.0.2.1
Content-Length   : 150
cseq: 0009
  INVITE
Via  : SIP  /   2.0
 /UDP
    192.0.2.2;branch=390skdjuw
s :
NewFangledHeader:   newfangled value
 continued newfangled value
UnknownHeaderWithUnusualValue: ;;,,;;,;
Content-Type: application/sdp
Route:
 <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
v:  SIP  / 2.0  / TCP     spindle.example.com   ;
  branch  =   z9hG4bK9ikj8  ,
 SIP  /    2.0   / UDP  192.168.255.111   ; branch=
 z9hG4bK30239
m:"Quoted string \"\"" <sip:jdrosen@example.com> ; newparam =
      newvalue ;
  secondparam ; q = 0.33

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.3
s=-
c=IN IP4 192.0.2.4
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('intmeth', '4475', '3.1.1.2', 'Wide Range of Valid Characters',
    verdict='valid', kind='request',
    reason='wide range of valid token/URI/quoted-pair characters incl. quoted-pair BEL, NUL and DEL octets in the To display name; well formed (proxy may 404, endpoint 501 for the unknown method)',
    checks='method=!interesting-Method0123456789_*+`.%indeed\'~;call-id=intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{;cseq=139122385 !interesting-Method0123456789_*+`.%indeed\'~;from-tag=_token~1\'+`*%!-.;via-count=1;via-branch=z9hG4bK-.!%66*_+`\'~;max-forwards=255;content-length=0;body-length=0;contact-count=0',
    text=r"""
<allOneLine>
!interesting-Method0123456789_*+`.%indeed'~
 sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*
:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)
@example.com SIP/2.0
</allOneLine>
Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~
<allOneLine>
To: "BEL:\<hex>07</hex> NUL:\<hex>00</hex> DEL:\<hex>7F</hex>"
 <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*
@example.com>
</allOneLine>
<allOneLine>
From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>
;fromParam''~+*_!.-%=
"<hex>D180D0B0D0B1D0BED182D0B0D18ED189D0B8D0B9</hex>"
;tag=_token~1'+`*%!-.
</allOneLine>
Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\/"][?}{
CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~
Max-Forwards: 255
<allOneLine>
extensionHeader-!.%*+_`'~:
<hex>EFBBBFE5A4A7E5819CE99BBB</hex>
</allOneLine>
Content-Length: 0

"""),
Msg('esc01', '4475', '3.1.1.3', 'Valid Use of the % Escaping Mechanism',
    verdict='valid', kind='request',
    reason='valid % HEX HEX escaping in Request-URI, To/From userparts and Contact URI params; parser must accept',
    checks='method=INVITE;request-uri=sip:sips%3Auser%40example.com@example.net;call-id=esc01.239409asdfakjkn23onasd0-3234;cseq=234234 INVITE;from-tag=938;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=87;content-length=150;body-length=150;contact-count=1',
    text=r"""
INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0
To: sip:%75se%72@example.com
From: <sip:I%20have%20spaces@example.net>;tag=938
Max-Forwards: 87
i: esc01.239409asdfakjkn23onasd0-3234
CSeq: 234234 INVITE
Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw
C: application/sdp
Contact:
  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('escnull', '4475', '3.1.1.4', 'Escaped Nulls in URIs',
    verdict='valid', kind='request',
    reason='%00 escaped nulls in URI userparts; well formed; registers two distinct contacts',
    checks='method=REGISTER;request-uri=sip:example.com;call-id=escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd;cseq=14398234 REGISTER;from-tag=839923423;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=0;body-length=0;contact-count=2',
    text=r"""
REGISTER sip:example.com SIP/2.0
To: sip:null-%00-null@example.com
From: sip:null-%00-null@example.com;tag=839923423
Max-Forwards: 70
Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
CSeq: 14398234 REGISTER
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
Contact: <sip:%00@host5.example.com>
Contact: <sip:%00%00@host5.example.com>
L:0

"""),
Msg('esc02', '4475', '3.1.1.5', 'Use of % When It Is Not an Escape',
    verdict='valid', kind='request',
    reason='% is not an escape in method, display name, branch or header name; unknown method (endpoint 501); two Contact values not three',
    checks='method=RE%47IST%45R;request-uri=sip:registrar.example.com;call-id=esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf;cseq=29344 RE%47IST%45R;from-tag=f232jadfj23;via-count=1;via-branch=z9hG4bK209%fzsnel234;max-forwards=70;content-length=0;body-length=0;contact-count=2',
    text=r"""
RE%47IST%45R sip:registrar.example.com SIP/2.0
To: "%Z%45" <sip:resource@example.com>
From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23
Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf
Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209%fzsnel234
CSeq: 29344 RE%47IST%45R
Max-Forwards: 70
Contact: <sip:alias1@host1.example.com>
C%6Fntact: <sip:alias2@host2.example.com>
Contact: <sip:alias3@host3.example.com>
l: 0

"""),
Msg('lwsdisp', '4475', '3.1.1.6', 'Message with No LWS between Display Name and <',
    verdict='valid', kind='request',
    reason='no LWS between display name and <; not per RFC 3261 grammar (spec bug) but elements should accept it',
    checks='method=OPTIONS;request-uri=sip:user@example.com;call-id=lwsdisp.1234abcd@funky.example.com;cseq=60 OPTIONS;from-tag=323;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: caller<sip:caller@example.com>;tag=323
Max-Forwards: 70
Call-ID: lwsdisp.1234abcd@funky.example.com
CSeq: 60 OPTIONS
Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw
l: 0

"""),
Msg('longreq', '4475', '3.1.1.7', 'Long Values in Header Fields',
    verdict='valid', kind='request',
    reason='very long header values and 34 Via values; well formed',
    checks='method=INVITE;request-uri=sip:user@example.com;call-id=longreq.onereallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallylongcallid;cseq=3882340 INVITE;from-tag=12982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982982424;via-count=34;max-forwards=70;content-length=150;body-length=150;contact-count=1',
    text=r"""
INVITE sip:user@example.com SIP/2.0
<allOneLine>
To: "I have a user name of
 <repeat count=10>extreme</repeat> proportion"
<sip:user@example.com:6000;
unknownparam1=very<repeat count=20>long</repeat>value;
longparam<repeat count=25>name</repeat>=shortvalue;
very<repeat count=25>long</repeat>ParameterNameWithNoValue>
</allOneLine>
<allOneLine>
F: sip:
<repeat count=5>amazinglylongcallername</repeat>@example.net
;tag=12<repeat count=50>982</repeat>424
;unknownheaderparam<repeat count=20>name</repeat>=
unknowheaderparam<repeat count=15>value</repeat>
;unknownValueless<repeat count=10>paramname</repeat>
</allOneLine>
Call-ID: longreq.one<repeat count=20>really</repeat>longcallid
CSeq: 3882340 INVITE
<allOneLine>
Unknown-<repeat count=20>Long</repeat>-Name:
 unknown-<repeat count=20>long</repeat>-value;
 unknown-<repeat count=20>long</repeat>-parameter-name =
 unknown-<repeat count=20>long</repeat>-parameter-value
</allOneLine>
Via: SIP/2.0/TCP sip33.example.com
v: SIP/2.0/TCP sip32.example.com
V: SIP/2.0/TCP sip31.example.com
Via: SIP/2.0/TCP sip30.example.com
ViA: SIP/2.0/TCP sip29.example.com
VIa: SIP/2.0/TCP sip28.example.com
VIA: SIP/2.0/TCP sip27.example.com
via: SIP/2.0/TCP sip26.example.com
viA: SIP/2.0/TCP sip25.example.com
vIa: SIP/2.0/TCP sip24.example.com
vIA: SIP/2.0/TCP sip23.example.com
V :  SIP/2.0/TCP sip22.example.com
v :  SIP/2.0/TCP sip21.example.com
V  : SIP/2.0/TCP sip20.example.com
v  : SIP/2.0/TCP sip19.example.com
Via : SIP/2.0/TCP sip18.example.com
Via  : SIP/2.0/TCP sip17.example.com
Via: SIP/2.0/TCP sip16.example.com
Via: SIP/2.0/TCP sip15.example.com
Via: SIP/2.0/TCP sip14.example.com
Via: SIP/2.0/TCP sip13.example.com
Via: SIP/2.0/TCP sip12.example.com
Via: SIP/2.0/TCP sip11.example.com
Via: SIP/2.0/TCP sip10.example.com
Via: SIP/2.0/TCP sip9.example.com
Via: SIP/2.0/TCP sip8.example.com
Via: SIP/2.0/TCP sip7.example.com
Via: SIP/2.0/TCP sip6.example.com
Via: SIP/2.0/TCP sip5.example.com
Via: SIP/2.0/TCP sip4.example.com
Via: SIP/2.0/TCP sip3.example.com
Via: SIP/2.0/TCP sip2.example.com
Via: SIP/2.0/TCP sip1.example.com
<allOneLine>
Via: SIP/2.0/TCP
 host.example.com;received=192.0.2.5;
branch=very<repeat count=50>long</repeat>branchvalue
</allOneLine>
Max-Forwards: 70
<allOneLine>
Contact: <sip:
<repeat count=5>amazinglylongcallername</repeat>
@host5.example.net>
</allOneLine>
Content-Type: application/sdp
l: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('dblreq', '4475', '3.1.1.8', 'Extra Trailing Octets in a UDP Datagram',
    verdict='valid', kind='request',
    reason='UDP datagram with extra octets after a zero-length body; octets that look like an INVITE are noise and must be ignored',
    checks='method=REGISTER;request-uri=sip:example.com;call-id=dblreq.0ha0isndaksdj99sdfafnl3lk233412;cseq=8 REGISTER;from-tag=43251j3j324;via-count=1;via-branch=z9hG4bKkdjuw23492;max-forwards=8;content-length=0;contact-count=1',
    text=r"""
REGISTER sip:example.com SIP/2.0
To: sip:j.user@example.com
From: sip:j.user@example.com;tag=43251j3j324
Max-Forwards: 8
I: dblreq.0ha0isndaksdj99sdfafnl3lk233412
Contact: sip:j.user@host.example.com
CSeq: 8 REGISTER
Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492
Content-Length: 0


INVITE sip:joe@example.com SIP/2.0
t: sip:joe@example.com
From: sip:caller@example.net;tag=141334
Max-Forwards: 8
Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.15
s=-
c=IN IP4 192.0.2.15
t=0 0
m=audio 49217 RTP/AVP 0 12
m =video 3227 RTP/AVP 31
a=rtpmap:31 LPC

"""),
Msg('semiuri', '4475', '3.1.1.9', 'Semicolon-Separated Parameters in URI User Part',
    verdict='valid', kind='request',
    reason='semicolon-separated parameter in Request-URI user part; its user part is user;par=u@example.net',
    checks='method=OPTIONS;call-id=semiuri.0ha0isndaksdj;cseq=8 OPTIONS;from-tag=33242;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=3;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0
To: sip:j_user@example.com
From: sip:caller@example.org;tag=33242
Max-Forwards: 3
Call-ID: semiuri.0ha0isndaksdj
CSeq: 8 OPTIONS
Accept: application/sdp, application/pkcs7-mime,
        multipart/mixed, multipart/signed,
        message/sip, message/sipfrag
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw
l: 0

"""),
Msg('transports', '4475', '3.1.1.10', 'Varied and Unknown Transport Types',
    verdict='valid', kind='request',
    reason='Via values with all known and an unknown transport; parser must accept',
    checks='method=OPTIONS;request-uri=sip:user@example.com;call-id=transports.kijh4akdnaqjkwendsasfdj;cseq=60 OPTIONS;from-tag=323;via-count=5;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: <sip:caller@example.com>;tag=323
Max-Forwards: 70
Call-ID:  transports.kijh4akdnaqjkwendsasfdj
Accept: application/sdp
CSeq: 60 OPTIONS
Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw
Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf
Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj
Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en
Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee
l: 0

"""),
Msg('mpart01', '4475', '3.1.1.11', 'Multipart MIME Message',
    verdict='valid', kind='request',
    reason='multipart/mixed MESSAGE whose second part is binary and contains NUL octets; must frame properly and accept',
    checks='method=MESSAGE;request-uri=sip:kumiko@example.org;call-id=3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..;cseq=1 MESSAGE;from-tag=2fb0dcc9;via-count=1;via-branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;max-forwards=70;content-length=553;body-length=553;contact-count=1',
    text=r"""
MESSAGE sip:kumiko@example.org SIP/2.0
<allOneLine>
Via: SIP/2.0/UDP 127.0.0.1:5070
;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport
</allOneLine>
Max-Forwards: 70
Route: <sip:127.0.0.1:5080>
<allOneLine>
Identity: r5mwreLuyDRYBi/0TiPwEsY3rEVsk/G2WxhgTV1PF7hHuL
IK0YWVKZhKv9Mj8UeXqkMVbnVq37CD+813gvYjcBUaZngQmXc9WNZSDN
GCzA+fWl9MEUHWIZo1CeJebdY/XlgKeTa0Olvq0rt70Q5jiSfbqMJmQF
teeivUhkMWYUA=
</allOneLine>
Contact: <sip:fluffy@127.0.0.1:5070>
To: <sip:kumiko@example.org>
From: <sip:fluffy@example.com>;tag=2fb0dcc9
Call-ID: 3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..
CSeq: 1 MESSAGE
Content-Transfer-Encoding: binary
Content-Type: multipart/mixed;boundary=7a9cbec02ceef655
Date: Sat, 15 Oct 2005 04:44:56 GMT
User-Agent: SIPimp.org/0.2.5 (curses)
Content-Length: 553

--7a9cbec02ceef655
Content-Type: text/plain
Content-Transfer-Encoding: binary

Hello
--7a9cbec02ceef655
Content-Type: application/octet-stream
Content-Transfer-Encoding: binary

<hex>
3082015206092A86
4886F70D010702A08201433082013F02
01013109300706052B0E03021A300B06
092A864886F70D010701318201203082
011C020101307C3070310B3009060355
04061302555331133011060355040813
0A43616C69666F726E69613111300F06
03550407130853616E204A6F7365310E
300C060355040A130573697069743129
3027060355040B132053697069742054
65737420436572746966696361746520
417574686F7269747902080195007102
330113300706052B0E03021A300D0609
2A864886F70D01010105000481808EF4
66F948F0522DD2E5978E9D95AAE9F2FE
15A06659716292E8DA2AA8D8350A68CE
FFAE3CBD2BFF1675DDD5648E593DD647
28F26220F7E941749E330D9A15EDABDB
93D10C42102E7B7289D29CC0C9AE2EFB
C7C0CFF9172F3B027E4FC027E1546DE4
B6AA3ABB3E66CCCB5DD6C64B8383149C
B8E6FF182D944FE57B65BC99D005
</hex>
--7a9cbec02ceef655--
"""),
Msg('unreason', '4475', '3.1.1.12', 'Unusual Reason Phrase',
    verdict='valid', kind='response',
    reason='200 response with unusual reason phrase incl. non-ASCII UTF-8; parser must accept',
    checks='status=200;call-id=unreason.1234ksdfak3j2erwedfsASdf;cseq=35 INVITE;from-tag=11141343;to-tag=2229;via-count=1;via-branch=z9hG4bK1324923;content-length=154;body-length=154;contact-count=1',
    text=r"""
<allOneLine>
SIP/2.0 200 = 2**3 * 5**2 <hex>D0BDD0BE20D181D182
D0BE20D0B4D0B5D0B2D18FD0BDD0BED181D182D0BE20D0B4
D0B5D0B2D18FD182D18C202D20D0BFD180D0BED181D182D0
BED0B5</hex>
</allOneLine>
Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
Call-ID: unreason.1234ksdfak3j2erwedfsASdf
CSeq: 35 INVITE
From: sip:user@example.com;tag=11141343
To: sip:user@example.edu;tag=2229
Content-Length: 154
Content-Type: application/sdp
Contact: <sip:user@host198.example.com>

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.198
s=-
c=IN IP4 192.0.2.198
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('noreason', '4475', '3.1.1.13', 'Empty Reason Phrase',
    verdict='valid', kind='response',
    reason='100 response with empty reason phrase (the SP after the code is present); parser must accept',
    checks='status=100;call-id=noreason.asndj203insdf99223ndf;cseq=35 INVITE;from-tag=39ansfi3;to-tag=902jndnke3;via-count=1;via-branch=z9hG4bK2398ndaoe;content-length=0;body-length=0;contact-count=1',
    text=r"""
SIP/2.0 100<hex>20</hex>
Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
Call-ID: noreason.asndj203insdf99223ndf
CSeq: 35 INVITE
From: <sip:user@example.com>;tag=39ansfi3
To: <sip:user@example.edu>;tag=902jndnke3
Content-Length: 0
Contact: <sip:user@host105.example.com>

"""),
Msg('badinv01', '4475', '3.1.2.1', 'Extraneous Header Field Separators',
    verdict='invalid', kind='request',
    reason='extraneous ; and , separators in Via and Contact; syntactically invalid; 400',
    checks='',
    text=r"""
INVITE sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=134161461246
Max-Forwards: 7
Call-ID: badinv01.0ha0isndaksdjasdf3234nas
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;;,;,,
Contact: "Joe" <sip:joe@example.org>;;;;
Content-Length: 152
Content-Type: application/sdp

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.15
s=-
c=IN IP4 192.0.2.15
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('clerr', '4475', '3.1.2.2', 'Content Length Larger Than Message',
    verdict='semantic', kind='request',
    reason='Content-Length 9999 larger than the body; over UDP respond 400 (over TCP wait for more data / close)',
    checks='method=INVITE;request-uri=sip:user@example.com;call-id=clerr.0ha0isndaksdjweiafasdk3;cseq=8 INVITE;from-tag=93942939o2;via-count=1;via-branch=z9hG4bK-39234-23523;max-forwards=80;content-length=9999;contact-count=1',
    text=r"""
INVITE sip:user@example.com SIP/2.0
Max-Forwards: 80
To: sip:j.user@example.com
From: sip:caller@example.net;tag=93942939o2
Contact: <sip:caller@hungry.example.net>
Call-ID: clerr.0ha0isndaksdjweiafasdk3
CSeq: 8 INVITE
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523
Content-Type: application/sdp
Content-Length: 9999

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.155
s=-
c=IN IP4 192.0.2.155
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('ncl', '4475', '3.1.2.3', 'Negative Content-Length',
    verdict='invalid', kind='request',
    reason='negative Content-Length -999; respond with an error (no code named); unrecoverable framing error on TCP',
    checks='',
    text=r"""
INVITE sip:user@example.com SIP/2.0
Max-Forwards: 254
To: sip:j.user@example.com
From: sip:caller@example.net;tag=32394234
Call-ID: ncl.0ha0isndaksdj2193423r542w35
CSeq: 0 INVITE
Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKkdjuw
Contact: <sip:caller@example53.example.net>
Content-Type: application/sdp
Content-Length: -999

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.53
s=-
c=IN IP4 192.0.2.53
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('scalar02', '4475', '3.1.2.4', 'Request Scalar Fields with Overlarge Values',
    verdict='invalid', kind='request',
    reason='overlarge scalars (CSeq > 2**32-1, Max-Forwards 300, huge Expires/expires); 400 due to the CSeq error',
    checks='',
    text=r"""
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3
To: <sip:user@example.com>
From: <sip:user@example.com>;tag=239232jh3
CSeq: 36893488147419103232 REGISTER
Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32
Max-Forwards: 300
Expires: 1<repeat count=100>0</repeat>
Contact: <sip:user@host129.example.com>
  ;expires=280297596632815
Content-Length: 0

"""),
Msg('scalarlg', '4475', '3.1.2.5', 'Response Scalar Fields with Overlarge Values',
    verdict='invalid', kind='response',
    reason='response with overlarge CSeq, Retry-After and 4-digit warn-code; discard it',
    checks='',
    text=r"""
SIP/2.0 503 Service Unavailable
<allOneLine>
Via: SIP/2.0/TCP host129.example.com
;branch=z9hG4bKzzxdiwo34sw
;received=192.0.2.129
</allOneLine>
To: <sip:user@example.com>
From: <sip:other@example.net>;tag=2easdjfejw
CSeq: 9292394834772304023312 OPTIONS
Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r
Retry-After: 949302838503028349304023988
Warning: 1812 overture "In Progress"
Content-Length: 0

"""),
Msg('quotbal', '4475', '3.1.2.6', 'Unterminated Quoted String in Display Name',
    verdict='invalid', kind='request',
    reason='unterminated quoted string in To display name; 400',
    checks='',
    text=r"""
INVITE sip:user@example.com SIP/2.0
To: "Mr. J. User <sip:j.user@example.com>
From: sip:caller@example.net;tag=93334
Max-Forwards: 10
Call-ID: quotbal.aksdj
Contact: <sip:caller@host59.example.net>
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234
Content-Type: application/sdp
Content-Length: 152

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.15
s=-
c=IN IP4 192.0.2.15
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('ltgtruri', '4475', '3.1.2.7', '<> Enclosing Request-URI',
    verdict='invalid', kind='request',
    reason='Request-URI enclosed in <>; 400 (liberal elements may ignore the brackets)',
    checks='',
    text=r"""
INVITE <sip:user@example.com> SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=39291
Max-Forwards: 23
Call-ID: ltgtruri.1@192.0.2.5
CSeq: 1 INVITE
Via: SIP/2.0/UDP 192.0.2.5
Contact: <sip:caller@host5.example.net>
Content-Type: application/sdp
Content-Length: 159

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=3149328700 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('lwsruri', '4475', '3.1.2.8', 'Malformed SIP Request-URI (embedded LWS)',
    verdict='invalid', kind='request',
    reason='illegal LWS inside the Request-URI; 400',
    checks='',
    text=r"""
INVITE sip:user@example.com; lr SIP/2.0
To: sip:user@example.com;tag=3xfe-9921883-z9f
From: sip:caller@example.net;tag=231413434
Max-Forwards: 5
Call-ID: lwsruri.asdfasdoeoi2323-asdfwrn23-asd834rk423
CSeq: 2130706432 INVITE
Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKkdjuw2395
Contact: <sip:caller@host1.example.net>
Content-Type: application/sdp
Content-Length: 159

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=3149328700 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('lwsstart', '4475', '3.1.2.9', 'Multiple SP Separating Request-Line Elements',
    verdict='invalid', kind='request',
    reason='multiple SP between Request-Line elements; acceptable to reject as malformed (no code named; liberal elements may accept)',
    checks='',
    text=r"""
INVITE  sip:user@example.com  SIP/2.0
Max-Forwards: 8
To: sip:user@example.com
From: sip:caller@example.net;tag=8814
Call-ID: lwsstart.dfknq234oi243099adsdfnawe3@example.com
CSeq: 1893884 INVITE
Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw3923
Contact: <sip:caller@host1.example.net>
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('trws', '4475', '3.1.2.10', 'SP Characters at End of Request-Line',
    verdict='invalid', kind='request',
    reason='SP characters between SIP-Version and CRLF of the Request-Line; acceptable to reject as malformed (no code named; liberal elements may accept)',
    checks='',
    text=r"""
OPTIONS sip:remote-target@example.com SIP/2.0<hex>2020</hex>
Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK299342093
To: <sip:remote-target@example.com>
From: <sip:local-resource@example.com>;tag=329429089
Call-ID: trws.oicu34958239neffasdhr2345r
Accept: application/sdp
CSeq: 238923 OPTIONS
Max-Forwards: 70
Content-Length: 0

"""),
Msg('escruri', '4475', '3.1.2.11', 'Escaped Headers in SIP Request-URI',
    verdict='invalid', kind='request',
    reason='escaped headers in the SIP Request-URI; acceptable to reject with 400',
    checks='',
    text=r"""
INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=341518
Max-Forwards: 7
Contact: <sip:caller@host39923.example.net>
Call-ID: escruri.23940-asdfhj-aje3br-234q098w-fawerh2q-h4n5
CSeq: 149209342 INVITE
Via: SIP/2.0/UDP host-of-the-hour.example.com;branch=z9hG4bKkdjuw
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
s=-
c=IN IP4 192.0.2.1
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('baddate', '4475', '3.1.2.12', 'Invalid Time Zone in Date Header Field',
    verdict='invalid', kind='request',
    reason='non-GMT time zone (EST) in Date; acceptable to reject as malformed (no code named; may ignore Date)',
    checks='',
    text=r"""
INVITE sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=2234923
Max-Forwards: 70
Call-ID: baddate.239423mnsadf3j23lj42--sedfnm234
CSeq: 1392934 INVITE
Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
Date: Fri, 01 Jan 2010 16:00:00 EST
Contact: <sip:caller@host5.example.net>
Content-Type: application/sdp
Content-Length: 150

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('regbadct', '4475', '3.1.2.13', 'Failure to Enclose name-addr URI in <>',
    verdict='invalid', kind='request',
    reason='Contact URI with escaped header not enclosed in <>; 400',
    checks='',
    text=r"""
REGISTER sip:example.com SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=998332
Max-Forwards: 70
Call-ID: regbadct.k345asrl3fdbv@10.0.0.1
CSeq: 1 REGISTER
Via: SIP/2.0/UDP 135.180.130.133:5060;branch=z9hG4bKkdjuw
Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E
l: 0

"""),
Msg('badaspec', '4475', '3.1.2.14', 'Spaces within addr-spec',
    verdict='invalid', kind='request',
    reason='spaces inside the To addr-spec; 400 (parser must not break)',
    checks='',
    text=r"""
OPTIONS sip:user@example.org SIP/2.0
Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234
Max-Forwards: 70
From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423
To: "Watson, Thomas" < sip:t.watson@example.org >
Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3
Accept: application/sdp
CSeq: 3923239 OPTIONS
l: 0

"""),
Msg('baddn', '4475', '3.1.2.15', 'Non-token Characters in Display Name',
    verdict='invalid', kind='request',
    reason='unquoted non-token characters in To/From display names; 400',
    checks='',
    text=r"""
OPTIONS sip:t.watson@example.org SIP/2.0
Via:     SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw
Max-Forwards:      70
From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43
To:      Watson, Thomas <sip:t.watson@example.org>
Call-ID: baddn.31415@c.example.com
Accept: application/sdp
CSeq:    3923239 OPTIONS
l: 0
"""),
Msg('badvers', '4475', '3.1.2.16', 'Unknown Protocol Version',
    verdict='semantic', kind='request',
    reason='unknown protocol version SIP/7.0; 505 Version Not Supported',
    checks='method=OPTIONS;request-uri=sip:t.watson@example.org;call-id=badvers.31417@c.example.com;cseq=1 OPTIONS;from-tag=qweoiqpe;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:t.watson@example.org SIP/7.0
Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw
Max-Forwards:     70
From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe
To:      T. Watson <sip:t.watson@example.org>
Call-ID: badvers.31417@c.example.com
CSeq:    1 OPTIONS
l: 0

"""),
Msg('mismatch01', '4475', '3.1.2.17', 'Start Line and CSeq Method Mismatch',
    verdict='invalid', kind='request',
    reason='Request-Line method OPTIONS vs CSeq method INVITE; any element responds 400',
    checks='',
    text=r"""
OPTIONS sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=34525
Max-Forwards: 6
Call-ID: mismatch01.dj0234sxdfl3
CSeq: 8 INVITE
Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
l: 0

"""),
Msg('mismatch02', '4475', '3.1.2.18', 'Unknown Method with CSeq Method Mismatch',
    verdict='semantic', kind='request',
    reason='unknown method NEWMETHOD with CSeq method INVITE; 501 Not Implemented preferred (400 acceptable)',
    checks='method=NEWMETHOD;request-uri=sip:user@example.com;call-id=mismatch02.dj0234sxdfl3;cseq=8 INVITE;from-tag=34525;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=6;content-length=138;body-length=138;contact-count=1',
    text=r"""
NEWMETHOD sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=34525
Max-Forwards: 6
Call-ID: mismatch02.dj0234sxdfl3
CSeq: 8 INVITE
Contact: <sip:caller@host.example.net>
Via: SIP/2.0/UDP host.example.net;branch=z9hG4bKkdjuw
Content-Type: application/sdp
l: 138

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.1
c=IN IP4 192.0.2.1
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('bigcode', '4475', '3.1.2.19', 'Overlarge Response Code',
    verdict='invalid', kind='response',
    reason='status code 4294967301 larger than 699; drop the response',
    checks='',
    text=r"""
SIP/2.0 4294967301 better not break the receiver
Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i
CSeq: 353494 INVITE
From: <sip:user@example.com>;tag=39ansfi3
To: <sip:user@example.edu>;tag=902jndnke3
Content-Length: 0
Contact: <sip:user@host105.example.com>

"""),
Msg('badbranch', '4475', '3.2.1', 'Missing Transaction Identifier',
    verdict='valid', kind='request',
    reason='branch is the bare magic cookie z9hG4bK; parser must not break; may reject with 400 or fall back to RFC 2543 transaction matching',
    checks='method=OPTIONS;request-uri=sip:user@example.com;call-id=badbranch.sadonfo23i420jv0as0derf3j3n;cseq=8 OPTIONS;from-tag=33242;via-count=1;via-branch=z9hG4bK;max-forwards=3;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:caller@example.org;tag=33242
Max-Forwards: 3
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK
Accept: application/sdp
Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n
CSeq: 8 OPTIONS
l: 0

"""),
Msg('insuf', '4475', '3.3.1', 'Missing Required Header Fields',
    verdict='semantic', kind='request',
    reason='missing Call-ID, From and To; must not break; ideally 400',
    checks='method=INVITE;request-uri=sip:user@example.com;cseq=193942 INVITE;via-count=1;via-branch=z9hG4bKkdj.insuf;content-length=152;body-length=152;contact-count=0',
    text=r"""
INVITE sip:user@example.com SIP/2.0
CSeq: 193942 INVITE
Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf
Content-Type: application/sdp
l: 152

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.95
s=-
c=IN IP4 192.0.2.95
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('unkscm', '4475', '3.3.2', 'Request-URI with Unknown Scheme',
    verdict='semantic', kind='request',
    reason='unknown Request-URI scheme; parser must accept; 416 Unsupported URI Scheme',
    checks='method=OPTIONS;request-uri=nobodyKnowsThisScheme:totallyopaquecontent;call-id=unkscm.nasdfasser0q239nwsdfasdkl34;cseq=3923423 OPTIONS;from-tag=384;via-count=1;via-branch=z9hG4bKkdjuw39234;max-forwards=3;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=384
Max-Forwards: 3
Call-ID: unkscm.nasdfasser0q239nwsdfasdkl34
CSeq: 3923423 OPTIONS
Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234
Content-Length: 0

"""),
Msg('novelsc', '4475', '3.3.3', 'Request-URI with Known but Atypical Scheme',
    verdict='semantic', kind='request',
    reason='registered but atypical Request-URI scheme soap.beep; parser must accept; 416 (or 404 if the scheme is sometimes accepted)',
    checks='method=OPTIONS;request-uri=soap.beep://192.0.2.103:3002;call-id=novelsc.asdfasser0q239nwsdfasdkl34;cseq=3923423 OPTIONS;from-tag=384;via-count=1;via-branch=z9hG4bKkdjuw39234;max-forwards=3;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=384
Max-Forwards: 3
Call-ID: novelsc.asdfasser0q239nwsdfasdkl34
CSeq: 3923423 OPTIONS
Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234
Content-Length: 0

"""),
Msg('unksm2', '4475', '3.3.4', 'Unknown URI Schemes in Header Fields',
    verdict='semantic', kind='request',
    reason='non-SIP URI schemes in To, From and Contact of a REGISTER; syntactically valid; a registrar answers 400 (proxies forward normally)',
    checks='method=REGISTER;request-uri=sip:example.com;call-id=unksm2.daksdj@hyphenated-host.example.com;cseq=234902 REGISTER;from-tag=3234233;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=0;body-length=0;contact-count=1',
    text=r"""
REGISTER sip:example.com SIP/2.0
To: isbn:2983792873
From: <http://www.example.com>;tag=3234233
Call-ID: unksm2.daksdj@hyphenated-host.example.com
CSeq: 234902 REGISTER
Max-Forwards: 70
Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKkdjuw
Contact: <name:John_Smith>
l: 0

"""),
Msg('bext01', '4475', '3.3.5', 'Proxy-Require and Require',
    verdict='semantic', kind='request',
    reason='unknown option tags in Require and Proxy-Require; 420 Bad Extension with Unsupported',
    checks='method=OPTIONS;request-uri=sip:user@example.com;call-id=bext01.0ha0isndaksdj;cseq=8 OPTIONS;from-tag=242etr;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=6;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:user@example.com SIP/2.0
To: sip:j_user@example.com
From: sip:caller@example.net;tag=242etr
Max-Forwards: 6
Call-ID: bext01.0ha0isndaksdj
Require: nothingSupportsThis, nothingSupportsThisEither
Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis
CSeq: 8 OPTIONS
Via: SIP/2.0/TLS fold-and-staple.example.com;branch=z9hG4bKkdjuw
Content-Length: 0

"""),
Msg('invut', '4475', '3.3.6', 'Unknown Content-Type',
    verdict='semantic', kind='request',
    reason='body of unknown Content-Type; syntactically valid; an endpoint answers 415 Unsupported Media Type',
    checks='method=INVITE;request-uri=sip:user@example.com;call-id=invut.0ha0isndaksdjadsfij34n23d;cseq=235448 INVITE;from-tag=8392034;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=40;body-length=40;contact-count=1',
    text=r"""
INVITE sip:user@example.com SIP/2.0
Contact: <sip:caller@host5.example.net>
To: sip:j.user@example.com
From: sip:caller@example.net;tag=8392034
Max-Forwards: 70
Call-ID: invut.0ha0isndaksdjadsfij34n23d
CSeq: 235448 INVITE
Via: SIP/2.0/UDP somehost.example.com;branch=z9hG4bKkdjuw
Content-Type: application/unknownformat
Content-Length: 40

<audio>
 <pcmu port="443"/>
</audio>
"""),
Msg('regaut01', '4475', '3.3.7', 'Unknown Authorization Scheme',
    verdict='valid', kind='request',
    reason='Authorization with an unknown scheme; well formed; registrar may ignore it or challenge (401); non-registrar endpoints 405',
    checks='method=REGISTER;request-uri=sip:example.com;call-id=regaut01.0ha0isndaksdj;cseq=9338 REGISTER;from-tag=87321hj23128;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=8;content-length=0;body-length=0;contact-count=0',
    text=r"""
REGISTER sip:example.com SIP/2.0
To: sip:j.user@example.com
From: sip:j.user@example.com;tag=87321hj23128
Max-Forwards: 8
Call-ID: regaut01.0ha0isndaksdj
CSeq: 9338 REGISTER
Via: SIP/2.0/TCP 192.0.2.253;branch=z9hG4bKkdjuw
Authorization: NoOneKnowsThisScheme opaque-data=here
Content-Length:0

"""),
Msg('multi01', '4475', '3.3.8', 'Multiple Values in Single Value Required Fields',
    verdict='semantic', kind='request',
    reason='multiple Call-ID, To, From, Max-Forwards and CSeq values; must not break; 400',
    checks='method=INVITE;request-uri=sip:user@company.com;via-count=1;via-branch=z9hG4bKkdjuw;content-length=154;body-length=154;contact-count=2',
    text=r"""
INVITE sip:user@company.com SIP/2.0
Contact: <sip:caller@host25.example.net>
Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw
Max-Forwards: 70
CSeq: 5 INVITE
Call-ID: multi01.98asdh@192.0.2.1
CSeq: 59 INVITE
Call-ID: multi01.98asdh@192.0.2.2
From: sip:caller@example.com;tag=3413415
To: sip:user@example.com
To: sip:other@example.net
From: sip:caller@example.net;tag=2923420123
Content-Type: application/sdp
l: 154
Contact: <sip:caller@host36.example.net>
Max-Forwards: 5

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.25
s=-
c=IN IP4 192.0.2.25
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC

"""),
Msg('mcl01', '4475', '3.3.9', 'Multiple Content-Length Values',
    verdict='invalid', kind='request',
    reason='multiple conflicting Content-Length values: framing error equivalent to an invalid Content-Length; respond with an error (no code named)',
    checks='',
    text=r"""
OPTIONS sip:user@example.com SIP/2.0
Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423
To: sip:user@example.com
From: sip:other@example.net;tag=3923942
Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf
CSeq: 15932 OPTIONS
Content-Length: 13
Max-Forwards: 60
Content-Length: 5
Content-Type: text/plain

There's no way to know how many octets are supposed to be here.

"""),
Msg('bcast', '4475', '3.3.10', '200 OK Response with Broadcast Via Header Field Value',
    verdict='valid', kind='response',
    reason='200 OK whose second Via sent-by is 255.255.255.255; well formed; endpoints discard it and proxies should drop it',
    checks='status=200;call-id=bcast.0384840201234ksdfak3j2erwedfsASdf;cseq=35 INVITE;from-tag=11141343;to-tag=2229;via-count=2;via-branch=z9hG4bK1324923;content-length=154;body-length=154;contact-count=1',
    text=r"""
SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23
Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf
CSeq: 35 INVITE
From: sip:user@example.com;tag=11141343
To: sip:user@example.edu;tag=2229
Content-Length: 154
Content-Type: application/sdp
Contact: <sip:user@host28.example.com>

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.198
s=-
c=IN IP4 192.0.2.198
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('zeromf', '4475', '3.3.11', 'Max-Forwards of Zero',
    verdict='valid', kind='request',
    reason='Max-Forwards 0; legal; a proxy answers 483, an endpoint processes it normally',
    checks='method=OPTIONS;request-uri=sip:user@example.com;call-id=zeromf.jfasdlfnm2o2l43r5u0asdfas;cseq=39234321 OPTIONS;from-tag=3ghsd41;via-count=1;via-branch=z9hG4bKkdjuw2349i;max-forwards=0;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=3ghsd41
Call-ID: zeromf.jfasdlfnm2o2l43r5u0asdfas
CSeq: 39234321 OPTIONS
Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw2349i
Max-Forwards: 0
Content-Length: 0

"""),
Msg('cparam01', '4475', '3.3.12', 'REGISTER with a Contact Header Parameter',
    verdict='valid', kind='request',
    reason='REGISTER whose Contact has a contact-param (not a url-param); should succeed',
    checks='method=REGISTER;request-uri=sip:example.com;call-id=cparam01.70710@saturn.example.com;cseq=2 REGISTER;from-tag=DkfVgjkrtMwaerKKpe;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=0;body-length=0;contact-count=1',
    text=r"""
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw
Max-Forwards: 70
From: sip:watson@example.com;tag=DkfVgjkrtMwaerKKpe
To: sip:watson@example.com
Call-ID: cparam01.70710@saturn.example.com
CSeq: 2 REGISTER
Contact: sip:+19725552222@gw1.example.net;unknownparam
l: 0

"""),
Msg('cparam02', '4475', '3.3.13', 'REGISTER with a url-parameter',
    verdict='valid', kind='request',
    reason='REGISTER whose Contact URI has an unknown url-parameter; should succeed',
    checks='method=REGISTER;request-uri=sip:example.com;call-id=cparam02.70710@saturn.example.com;cseq=3 REGISTER;from-tag=838293;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=0;body-length=0;contact-count=1',
    text=r"""
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw
Max-Forwards: 70
From: sip:watson@example.com;tag=838293
To: sip:watson@example.com
Call-ID: cparam02.70710@saturn.example.com
CSeq: 3 REGISTER
Contact: <sip:+19725552222@gw1.example.net;unknownparam>
l: 0

"""),
Msg('regescrt', '4475', '3.3.14', 'REGISTER with a URL Escaped Header',
    verdict='valid', kind='request',
    reason='REGISTER whose Contact URI has an escaped Route header; should succeed',
    checks='method=REGISTER;request-uri=sip:example.com;call-id=regescrt.k345asrl3fdbv@192.0.2.1;cseq=14398234 REGISTER;from-tag=8;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=70;content-length=0;body-length=0;contact-count=1',
    text=r"""
REGISTER sip:example.com SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=8
Max-Forwards: 70
Call-ID: regescrt.k345asrl3fdbv@192.0.2.1
CSeq: 14398234 REGISTER
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
M: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>
L:0

"""),
Msg('sdp01', '4475', '3.3.15', 'Unacceptable Accept Offering',
    verdict='semantic', kind='request',
    reason='Accept lacks application/sdp; 406 Not Acceptable (400 also appropriate)',
    checks='method=INVITE;request-uri=sip:user@example.com;call-id=sdp01.ndaksdj9342dasdd;cseq=8 INVITE;from-tag=234;via-count=1;via-branch=z9hG4bKkdjuw;max-forwards=5;content-length=150;body-length=150;contact-count=1',
    text=r"""
INVITE sip:user@example.com SIP/2.0
To: sip:j_user@example.com
Contact: <sip:caller@host15.example.net>
From: sip:caller@example.net;tag=234
Max-Forwards: 5
Call-ID: sdp01.ndaksdj9342dasdd
Accept: text/nobodyKnowsThis
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw
Content-Length: 150
Content-Type: application/sdp

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 49217 RTP/AVP 0 12
m=video 3227 RTP/AVP 31
a=rtpmap:31 LPC
"""),
Msg('inv2543', '4475', '3.4.1', 'INVITE with RFC 2543 Syntax',
    verdict='valid', kind='request',
    reason='RFC 2543 syntax: no branch, no From tag, no Content-Length, no Max-Forwards; accept for backward compatibility',
    checks='method=INVITE;request-uri=sip:UserB@example.com;call-id=inv2543.1717@ift.client.example.com;cseq=56 INVITE;via-count=1;body-length=105;contact-count=0',
    text=r"""
INVITE sip:UserB@example.com SIP/2.0
Via: SIP/2.0/UDP iftgw.example.com
From: <sip:+13035551111@ift.client.example.net;user=phone>
Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>
To: sip:+16505552222@ss1.example.net;user=phone
Call-ID: inv2543.1717@ift.client.example.com
CSeq: 56 INVITE
Content-Type: application/sdp

v=0
o=mhandley 29739 7272939 IN IP4 192.0.2.5
s=-
c=IN IP4 192.0.2.5
t=0 0
m=audio 49217 RTP/AVP 0
"""),
Msg('ipv6-good', '5118', '4.1', 'Valid SIP Message with an IPv6 Reference',
    verdict='valid', kind='request',
    reason='IPv6 references in Request-URI, Via and Contact; well formed',
    checks='method=REGISTER;request-uri=sip:[2001:db8::10];call-id=SSG9559905523997077@hlau_4100;cseq=98176 REGISTER;from-tag=81x2;via-count=1;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=0;body-length=0;contact-count=1',
    text=r"""
REGISTER sip:[2001:db8::10] SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=81x2
Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
Call-ID: SSG9559905523997077@hlau_4100
Max-Forwards: 70
Contact: "Caller" <sip:caller@[2001:db8::1]>
CSeq: 98176 REGISTER
Content-Length: 0

"""),
Msg('ipv6-bad', '5118', '4.2', 'Invalid SIP Message with an IPv6 Reference',
    verdict='invalid', kind='request',
    reason='IPv6 address in Request-URI without [ ] delimiters; 400',
    checks='',
    text=r"""
REGISTER sip:2001:db8::10 SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=81x2
Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
Call-ID: SSG9559905523997077@hlau_4100
Max-Forwards: 70
Contact: "Caller" <sip:caller@[2001:db8::1]>
CSeq: 98176 REGISTER
Content-Length: 0

"""),
Msg('port-ambiguous', '5118', '4.3', 'Port Ambiguous in a SIP URI',
    verdict='valid', kind='request',
    reason='port written inside the IPv6 reference ([2001:db8::10:5070]); well formed but semantically not what the sender meant',
    checks='method=REGISTER;request-uri=sip:[2001:db8::10:5070];call-id=SSG9559905523997077@hlau_4100;cseq=98176 REGISTER;from-tag=81x2;via-count=1;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=0;body-length=0;contact-count=1',
    text=r"""
REGISTER sip:[2001:db8::10:5070] SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=81x2
Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
Call-ID: SSG9559905523997077@hlau_4100
Contact: "Caller" <sip:caller@[2001:db8::1]>
Max-Forwards: 70
CSeq: 98176 REGISTER
Content-Length: 0

"""),
Msg('port-unambiguous', '5118', '4.4', 'Port Unambiguous in a SIP URI',
    verdict='valid', kind='request',
    reason='port after the closing ] of the IPv6 reference; well formed',
    checks='method=REGISTER;request-uri=sip:[2001:db8::10]:5070;call-id=SSG9559905523997077@hlau_4100;cseq=98176 REGISTER;from-tag=81x2;via-count=1;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=0;body-length=0;contact-count=1',
    text=r"""
REGISTER sip:[2001:db8::10]:5070 SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=81x2
Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
Call-ID: SSG9559905523997077@hlau_4100
Contact: "Caller" <sip:caller@[2001:db8::1]>
Max-Forwards: 70
CSeq: 98176 REGISTER
Content-Length: 0

"""),
Msg('via-received-param-with-delim', '5118', '4.5', 'IPv6 Reference Delimiters in Via Header',
    verdict='valid', kind='request',
    reason='Via received parameter with [ ] around the IPv6 address; not strictly RFC 3261 grammar but robust parsers must accept it',
    checks='method=BYE;request-uri=sip:[2001:db8::10];call-id=SSG9559905523997077@hlau_4100;cseq=321 BYE;from-tag=81x2;to-tag=bd76ya;via-count=1;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=0;body-length=0;contact-count=0',
    text=r"""
BYE sip:[2001:db8::10] SIP/2.0
To: sip:user@example.com;tag=bd76ya
From: sip:user@example.com;tag=81x2
<allOneLine>
Via: SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];
branch=z9hG4bKas3-111
</allOneLine>
Call-ID: SSG9559905523997077@hlau_4100
Max-Forwards: 70
CSeq: 321 BYE
Content-Length: 0

"""),
Msg('via-received-param-no-delim', '5118', '4.5', 'IPv6 Reference Delimiters in Via Header',
    verdict='valid', kind='request',
    reason='Via received parameter with a bare IPv6 address; valid per RFC 3261',
    checks='method=OPTIONS;request-uri=sip:[2001:db8::10];call-id=SSG95523997077@hlau_4100;cseq=921 OPTIONS;from-tag=81x2;via-count=1;via-branch=z9hG4bKas3;max-forwards=70;content-length=0;body-length=0;contact-count=1',
    text=r"""
OPTIONS sip:[2001:db8::10] SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=81x2
<allOneLine>
Via: SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;
branch=z9hG4bKas3
</allOneLine>
Call-ID: SSG95523997077@hlau_4100
Max-Forwards: 70
Contact: "Caller" <sip:caller@[2001:db8::9:1]>
CSeq: 921 OPTIONS
Content-Length: 0

"""),
Msg('ipv6-in-sdp', '5118', '4.6', 'SIP Request with IPv6 Addresses in Session Description Protocol (SDP) Body',
    verdict='valid', kind='request',
    reason='IPv6 addresses (undelimited) in the SDP body; RFC calls it valid. RFC DEFECT: Content-Length 268 but the body is 251 octets with CRLF (242 with LF)',
    checks='method=INVITE;request-uri=sip:user@[2001:db8::10];call-id=SSG9559905523997077@hlau_4100;cseq=8612 INVITE;from-tag=81x2;via-count=1;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=268;contact-count=1',
    text=r"""
INVITE sip:user@[2001:db8::10] SIP/2.0
To: sip:user@[2001:db8::10]
From: sip:user@example.com;tag=81x2
Via: SIP/2.0/UDP [2001:db8::20];branch=z9hG4bKas3-111
Call-ID: SSG9559905523997077@hlau_4100
Contact: "Caller" <sip:caller@[2001:db8::20]>
CSeq: 8612 INVITE
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: 268

v=0
o=assistant 971731711378798081 0 IN IP6 2001:db8::20
s=Live video feed for today's meeting
c=IN IP6 2001:db8::20
t=3338481189 3370017201
m=audio 6000 RTP/AVP 2
a=rtpmap:2 G726-32/8000
m=video 6024 RTP/AVP 107
a=rtpmap:107 H263-1998/90000
"""),
Msg('mult-ip-in-header', '5118', '4.7', 'Multiple IP Addresses in SIP Headers',
    verdict='valid', kind='request',
    reason='Via list mixing IPv4 addresses and IPv6 references; well formed',
    checks='method=BYE;request-uri=sip:user@host.example.net;call-id=997077@lau_4100;cseq=89187 BYE;from-tag=81x2;to-tag=9817--94;via-count=3;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=0;body-length=0;contact-count=0',
    text=r"""
BYE sip:user@host.example.net SIP/2.0
Via: SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKjhja8781hjuaij65144
<allOneLine>
Via: SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;
received=192.0.2.200
</allOneLine>
Call-ID: 997077@lau_4100
Max-Forwards: 70
CSeq: 89187 BYE
To: sip:user@example.net;tag=9817--94
From: sip:user@example.com;tag=81x2
Content-Length: 0

"""),
Msg('mult-ip-in-sdp', '5118', '4.8', 'Multiple IP Addresses in SDP',
    verdict='valid', kind='request',
    reason='SDP with IPv4 and IPv6 connection addresses; RFC calls it valid. RFC DEFECT: Content-Length 181 but the body is 189 octets with CRLF (180 with LF)',
    checks='method=INVITE;request-uri=sip:user@[2001:db8::10];call-id=SSG9559905523997077@hlau_4100;cseq=8912 INVITE;from-tag=81x2;via-count=1;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=181;contact-count=1',
    text=r"""
INVITE sip:user@[2001:db8::10] SIP/2.0
To: sip:user@[2001:db8::10]
From: sip:user@example.com;tag=81x2
Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
Call-ID: SSG9559905523997077@hlau_4100
Contact: "Caller" <sip:caller@[2001:db8::9:1]>
Max-Forwards: 70
CSeq: 8912 INVITE
Content-Type: application/sdp
Content-Length: 181

v=0
o=bob 280744730 28977631 IN IP4 host.example.com
s=
t=0 0
m=audio 22334 RTP/AVP 0
c=IN IP4 192.0.2.1
m=video 6024 RTP/AVP 107
c=IN IP6 2001:db8::1
a=rtpmap:107 H263-1998/90000
"""),
Msg('ipv4-mapped-ipv6', '5118', '4.9', 'IPv4-Mapped IPv6 Addresses',
    verdict='valid', kind='request',
    reason='IPv4-mapped IPv6 addresses in Via, Contact and SDP; RFC calls it valid. RFC DEFECT: Content-Length 236 counts LF line ends; the body is 245 octets with CRLF',
    checks='method=INVITE;request-uri=sip:user@example.com;call-id=SSG9559905523997077@hlau_4100;cseq=612 INVITE;from-tag=81x2;via-count=2;via-branch=z9hG4bKbh19;max-forwards=70;content-length=236;contact-count=1',
    text=r"""
INVITE sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:user@east.example.com;tag=81x2
Via: SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19
Via: SIP/2.0/UDP [::ffff:192.0.2.2];branch=z9hG4bKas3-111
Call-ID: SSG9559905523997077@hlau_4100
Contact: "T. desk phone" <sip:ted@[::ffff:192.0.2.2]>
CSeq: 612 INVITE
Max-Forwards: 70
Content-Type: application/sdp
Content-Length: 236

v=0
o=assistant 971731711378798081 0 IN IP6 ::ffff:192.0.2.2
s=Call me soon, please!
c=IN IP6 ::ffff:192.0.2.2
t=3338481189 3370017201
m=audio 6000 RTP/AVP 2
a=rtpmap:2 G726-32/8000
m=video 6024 RTP/AVP 107
a=rtpmap:107 H263-1998/90000
"""),
Msg('ipv6-bug-abnf-3-colons', '5118', '4.10', 'IPv6 Reference Bug in RFC 3261 ABNF',
    verdict='valid', kind='request',
    reason='RFC 3261 ABNF bug form [2001:db8:::192.0.2.1] (extra colon); implementations must tolerate it',
    checks='method=OPTIONS;request-uri=sip:user@[2001:db8:::192.0.2.1];call-id=G9559905523997077@hlau_4100;cseq=689 OPTIONS;from-tag=810x2;via-count=1;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:user@[2001:db8:::192.0.2.1] SIP/2.0
To: sip:user@[2001:db8:::192.0.2.1]
From: sip:user@example.com;tag=810x2
Via: SIP/2.0/UDP lab1.east.example.com;branch=z9hG4bKas3-111
Call-ID: G9559905523997077@hlau_4100
CSeq: 689 OPTIONS
Max-Forwards: 70
Content-Length: 0

"""),
Msg('ipv6-correct-abnf-2-colons', '5118', '4.10', 'IPv6 Reference Bug in RFC 3261 ABNF',
    verdict='valid', kind='request',
    reason='correct form [2001:db8::192.0.2.1]; well formed',
    checks='method=OPTIONS;request-uri=sip:user@[2001:db8::192.0.2.1];call-id=G9559905523997077@hlau_4100;cseq=689 OPTIONS;from-tag=810x2;via-count=1;via-branch=z9hG4bKas3-111;max-forwards=70;content-length=0;body-length=0;contact-count=0',
    text=r"""
OPTIONS sip:user@[2001:db8::192.0.2.1] SIP/2.0
To: sip:user@[2001:db8::192.0.2.1]
From: sip:user@example.com;tag=810x2
Via: SIP/2.0/UDP lab1.east.example.com;branch=z9hG4bKas3-111
Call-ID: G9559905523997077@hlau_4100
CSeq: 689 OPTIONS
Max-Forwards: 70
Content-Length: 0

"""),
]

# Messages whose Content-Length deliberately (or, for RFC 5118, by an error
# in the RFC) does not equal the octets after the empty line.
CL_EXCEPTIONS = {
    'dblreq': 'Content-Length 0, followed by 450 octets of noise (3.1.1.8)',
    'clerr': 'Content-Length 9999 > body (3.1.2.2)',
    'ncl': 'Content-Length -999 (3.1.2.3)',
    'mcl01': 'two conflicting Content-Length values (3.3.9)',
    'inv2543': 'no Content-Length at all (3.4.1)',
    'ipv6-in-sdp': 'RFC 5118 defect: 268 declared, 251 present',
    'mult-ip-in-sdp': 'RFC 5118 defect: 181 declared, 189 present',
    'ipv4-mapped-ipv6': 'RFC 5118 defect: 236 declared (LF count), 245 present',
}
# Messages that end without the empty line closing the header section.
NO_FINAL_EMPTY_LINE = {'baddn'}   # as in RFC 4475's bit-exact archive

# Known differences from the RFCs' Appendix A archives (see README.md).
ARCHIVE_DIFFS = {
    'trws': 'text has host1.example.com, archive has host1.examle.com',
}

# SHA-256 of every generated file, to catch accidental edits (editors that
# strip or convert whitespace in this script, for instance).
SHA256 = {
    'wsinv': 'd6f6cdee99cd0a1f8e3d9a0fdd67c877700e19ab86d8186dada06f61260e3e61',
    'intmeth': 'b957a8292c1c0a9851fe94705b90f94320738f43aacde64998e401f742ef688d',
    'esc01': 'be3a316d4ce5f69cad474646191e390dd4b50fc8371e44b5197fe1237781973e',
    'escnull': '263fe2ecd12a5ccbb6c67b3174e9211d11da9b600e7d69666a86d2ee42873e90',
    'esc02': '9a9c59449f00327b02071feafc8e5c2a261c98c818044167894cc17809a12199',
    'lwsdisp': 'd1b36b6316c12824f6f04bf6b1fd1f021cade9b74871693b9c3474cd9fa7f4e6',
    'longreq': '185739292bc676760e5b1cca77c87705aa570240171c506ad76f8c35af0ecdaa',
    'dblreq': 'a6be48426565c2a705389c4ce2ea17e57b891cb13f80490a2cb9392c797b46ef',
    'semiuri': '87bbaed6b4b354dbd3c5c7a20e66686303c63e43a0aa19b89de1ac75231611a2',
    'transports': '33b4553a3b9418121b099ff07882535151edd6a1e81898c63a916aad2cbf90bc',
    'mpart01': '92147c8e24997bac59629e1b163767697d0d6d499af87f89e325d69968bec3ba',
    'unreason': '4f939d6ebf4817eea70f011d3209e83732872ffc20ffd304b244084dc392f4d7',
    'noreason': '07e11e470a69fffa3674de805e5165d1351a9439a91045ee70c9570ea24ab4fe',
    'badinv01': '9ee2b88f2e0b5a9eeb9bf729b6177f0a0c7d0b5e6c84be593e0480d7962f3ab8',
    'clerr': 'd9da629086a38df433438fb0fb19a8730f34516f049a5520dd0cac3285485290',
    'ncl': '7ea6538edc1f054fdb6cd1c821040460cffca3cb682fa2e8e2a502d92170b4c2',
    'scalar02': '53158177326568e9964bce5dcfac27a2bf8a90953bbc03f6c5e2775864a97e4b',
    'scalarlg': '0957eca31737e3592eb1418bb41e9f5219278a78ff420111620d7fb60175b551',
    'quotbal': 'e61978a2ea359fc666f0336fe4dbc623447532280e3273ea98119b3d3f788c84',
    'ltgtruri': 'bcacb2dc17610e8cc8f9b8b0e3d6ee65ab473f93787a03bbd33579e1cea473df',
    'lwsruri': '3e22ceeca585ad23cc180208e2dad94e0a5aa4bb877a61cac443aa927f758b9e',
    'lwsstart': 'f884e5626c6c5b1210cfc4a3540b8a28bd52939cff092f3f0c5c971e032adb0e',
    'trws': '39b411b131b055b389df1c8c5fbfc3a508c335b603f7a4d147b424f01161630b',
    'escruri': 'c3cf30af13a9d107829cc105effd79355f1139c6ecc683a048b4c27951f8f416',
    'baddate': '1208a6e3e0c8a8c33a06a1f3733d158413cb72e58c379d094c4ecea11e9d4c28',
    'regbadct': '575d27530275814c1c98be164808fac89a0e2b4fc899dadcd97e6ba499437bda',
    'badaspec': 'f8f6e2f4247287b0be6adb5ac222a6db4759395e44d27d2ddb9b39393e94867e',
    'baddn': '9d9428e8017092f194ec11077ba6865c251308cdfd7fd9db6a993b28e5748951',
    'badvers': '037d702d19e934bfeebbd2609050d7d54928d590cf90c78f3914522771dd8e03',
    'mismatch01': 'a2c285636e451e75420da0cc62ee55ca3e398827008418befbfb078726bf0793',
    'mismatch02': '01b287f9a9c492f7f57405c36c8a2af0e2393896ed2d25fb92b502f2a6722bc4',
    'bigcode': 'f79450070975da54c3525c9a5cbe75bae3c9d8cb92eba609772c26f66f225c2e',
    'badbranch': 'cb049c727f16b5ec49e822f9e8b7d0ee20ca2d20ffb50baecd0b411a5e64fa7d',
    'insuf': '1e3efd9f3b238c6351ba12bc7eb46d843f2761b5d4a6b82b63bffdf07f2c5aee',
    'unkscm': '81be1a6a566c7ab52fe1c58c4a75440dfd697ad04c5e09fa71340de7da7b8bbb',
    'novelsc': '9a50a7343fcf685e77c4d0f477138a28f32a41c75aa566d200f3df210b01e648',
    'unksm2': 'f6914409ced613ef5eb56e264d2f096dac26ab9e397d6a638934d2027f1f6acb',
    'bext01': '57181987c02c4f5752b7aa8c2847311f6184216ce7621e40303015949e70761c',
    'invut': '9b39e824947df46f90f824cd308fb3c118f548d94637f581101e355b381a0d92',
    'regaut01': '885ba0488872cfc04a3c7622854b8381955a5ee890745d6010834e3731a73faa',
    'multi01': 'd156ab12105b4bfd8a6498de6f7195087058162b8cda1606169855b722411791',
    'mcl01': '887191619bf003b7e87399200b5cf4c3b5397344dbf70288ad5e23bd157b7fe4',
    'bcast': '073637c63597199179cf5fc91b980b2d530c066a0048ea3b908772def57b4c36',
    'zeromf': '50954ef47acca4f9f5263ded06246d06dee4e2ee508a8d284191795d7fddf365',
    'cparam01': 'dfa6b5cdb289adc694b9b7e103ebfa7a2167335c46e5dc9de67055021910ae1c',
    'cparam02': 'e93574215bd1d804bb46cc15ca6176b567def7ea1b15f72ab2c2dcf598af465a',
    'regescrt': 'dab4087c133348b06fd7b3c4c7ef15094f8754e265e4e8c2137bb3ecda2ef477',
    'sdp01': '497c5f1ced6c7b579b48075e2dca919ce9b819a735964128a6e744a3a0b9e57f',
    'inv2543': '76fac8afe22dee49ea696b511621946694897ac7030fc5d07f57c8b487ce0521',
    'ipv6-good': 'ed7c9f32cc37be8b94369de52514b8e2be7421c5f6f312253af92503383dbae4',
    'ipv6-bad': '2d8a4e92b01c5164bba5e295a40442959b8ab67b977c91160f604546054bbdd7',
    'port-ambiguous': 'f91b46786e54477c5ebd2337d59cdf2dc49d2d062270a2f107a79b38833f3b6f',
    'port-unambiguous': '806e6a656e3b0d5c0cfc3661be73f1496e07380b3caa40bbccab07a9b77b9dd6',
    'via-received-param-with-delim': 'a0053013e73180030114fd5f7d9b681643eb4d2e0372d4921e749c74f392a74e',
    'via-received-param-no-delim': '0fa6dfa5c400a8f069b97b8592bf19da8e149551d21e6206edb771223a23fe56',
    'ipv6-in-sdp': '2cc4415d2131cb44bd7bd3e5cca5181060ebd3b703761e89c530bab2eb558e64',
    'mult-ip-in-header': '8002917ae4f54f8149fb8fe0c6ee61058efd523af67e5ba46adb5f521946fbc3',
    'mult-ip-in-sdp': '5a3a49ab3f2b572e9cd920ff5ea421d448c6c908f224baa21782fb9d47d7200d',
    'ipv4-mapped-ipv6': '4460491fc29d1aa79b1709a35eb93e4ba21cca1d4973f6c101a218c8dd77b0fc',
    'ipv6-bug-abnf-3-colons': '3990db23ca3586e0c0856a2862de737ad58fcd689de256bf8f53b91b7c83b4af',
    'ipv6-correct-abnf-2-colons': '3058711d518164b01161bde0bd68f56b4c76fa7fe082caee9e89dbed676a4d68',
}

INDEX_HEADER = ['name', 'rfc', 'section', 'verdict', 'kind', 'reason', 'checks']
CL_RE = re.compile(rb'^(?:content-length|l)[ \t]*:[ \t]*(\S*)[ \t]*$', re.I)


def header_and_body(data):
    i = data.find(b'\r\n\r\n')
    if i < 0:
        return data, None
    return data[:i + 2], data[i + 4:]


def verify(m, data):
    errs = []
    head, body = header_and_body(data)
    # CRLF line endings in the header part: no bare CR, no bare LF.
    if re.search(rb'\r(?!\n)|(?<!\r)\n', head):
        errs.append('bare CR or LF in header part')
    # How the file ends.
    if m.name in NO_FINAL_EMPTY_LINE:
        if body is not None or not data.endswith(b'\r\n'):
            errs.append('expected to end with CRLF and no empty line')
    elif body is None:
        errs.append('no empty line after the header section')
    elif body == b'':
        if not data.endswith(b'\r\n\r\n'):
            errs.append('header-only message must end with CRLF CRLF')
    elif not data.endswith(b'\r\n'):
        errs.append('body does not end with CRLF')
    # Content-Length against the body.
    cls = [CL_RE.match(l).group(1) for l in head.split(b'\r\n') if CL_RE.match(l)]
    blen = len(body) if body is not None else 0
    if m.name not in CL_EXCEPTIONS:
        if len(cls) != 1 or not cls[0].isdigit() or int(cls[0]) != blen:
            errs.append('Content-Length %r != body length %d' % (cls, blen))
    # The checks column.
    for kv in filter(None, m.checks.split(';')):
        k, _, v = kv.partition('=')
        assert k in ('method', 'request-uri', 'status', 'call-id', 'cseq', 'from-tag',
                     'to-tag', 'via-count', 'via-branch', 'max-forwards', 'content-length',
                     'body-length', 'contact-count'), k
        if k == 'body-length' and int(v) != blen:
            errs.append('checks body-length %s != %d' % (v, blen))
        if k == 'content-length' and (len(cls) != 1 or int(cls[0]) != int(v)):
            errs.append('checks content-length %s != %r' % (v, cls))
    if hashlib.sha256(data).hexdigest() != SHA256.get(m.name):
        errs.append('SHA-256 differs from the recorded value')
    return errs


def rfc_archive(path):
    """Decode an RFC's Appendix A archive the way the RFC's Perl script does."""
    b64 = []
    inside = False
    for line in open(path, encoding='latin-1').read().split('\n'):
        if '-- BEGIN MESSAGE ARCHIVE --' in line:
            inside = True
        if inside and re.match(r'^\s*[^\s]+\s*$', line):
            b64.append(line.strip())
        if '-- END MESSAGE ARCHIVE --' in line:
            inside = False
    tar = tarfile.open(fileobj=io.BytesIO(base64.b64decode(''.join(b64))), mode='r:gz')
    return {os.path.basename(ti.name).removesuffix('.dat'): tar.extractfile(ti).read()
            for ti in tar.getmembers() if ti.isfile()}


def check_archive(path, rfc, generated):
    bad = 0
    arch = rfc_archive(path)
    for name, data in arch.items():
        if name not in generated:
            print('  archive has %s, not a section-3/4 message: skipped' % name)
            continue
        exp = data
        note = ''
        if rfc == '5118':           # archive uses bare LF line ends
            exp = data.replace(b'\n', b'\r\n')
            note = ' (archive LF -> CRLF)'
            if not exp.endswith(b'\r\n\r\n') and generated[name] == exp + b'\r\n':
                exp += b'\r\n'
                note += ' (+ empty line the archive lacks)'
        if generated[name] == exp:
            print('  %-32s matches archive%s' % (name, note))
        elif name in ARCHIVE_DIFFS:
            print('  %-32s KNOWN DIFFERENCE: %s' % (name, ARCHIVE_DIFFS[name]))
        else:
            print('  %-32s MISMATCH with archive' % name)
            bad += 1
    missing = [m.name for m in MESSAGES if m.rfc == rfc and m.name not in arch]
    if missing:
        print('  not in archive:', missing)
        bad += len(missing)
    return bad


def main(argv):
    names = [m.name for m in MESSAGES]
    assert len(names) == len(set(names))
    generated = {}
    failures = 0
    for m in MESSAGES:
        data = decode(m.text)
        generated[m.name] = data
        with open(os.path.join(HERE, m.name + '.dat'), 'wb') as f:
            f.write(data)
    with open(os.path.join(HERE, 'index.tsv'), 'w', encoding='utf-8', newline='\n') as f:
        f.write('\t'.join(INDEX_HEADER) + '\n')
        for m in MESSAGES:
            row = [m.name + '.dat', m.rfc, m.section, m.verdict, m.kind, m.reason, m.checks]
            assert all('\t' not in c and '\n' not in c for c in row)
            f.write('\t'.join(row) + '\n')
    for m in MESSAGES:
        errs = verify(m, generated[m.name])
        for e in errs:
            print('FAIL %s: %s' % (m.name, e))
        failures += len(errs)
    counts = {}
    for m in MESSAGES:
        counts[m.verdict] = counts.get(m.verdict, 0) + 1
    print('%d files written: %s' % (len(MESSAGES), ', '.join('%s %d' % kv for kv in sorted(counts.items()))))
    if '--check-archive' in argv:
        paths = argv[argv.index('--check-archive') + 1:]
        for path, rfc in zip(paths, ('4475', '5118')):
            print('RFC %s archive (%s):' % (rfc, path))
            failures += check_archive(path, rfc, generated)
    print('verification: %s' % ('OK' if failures == 0 else '%d problem(s)' % failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
