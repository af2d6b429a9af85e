/* libFuzzer target for what the media path reads off the network: the
 * input is a sequence of datagrams, each given to the RTP or RTCP parser
 * as rtp_looks_like_rtcp() sorts them (as on a shared port, RFC 5761), the
 * RTP ones then to the sequence state, to the RFC 4733 receiver and to a
 * jitter buffer that is drained as playback would.  Checks: no crash, no
 * out-of-bounds read, the jitter buffer never holds more than its cap.
 *
 * Input: [len:1][bytes:len]... ; a datagram of length 0 advances the local
 * clock by one frame and drains one frame from the jitter buffer. */
#include <stdint.h>
#include <string.h>

#include "jitter.h"
#include "rtcp.h"
#include "rtp.h"
#include "telephone-event.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  JitterBuffer *jb = jitter_new (8000, 160, 20, 200);
  TelEventReceiver ter;
  RtpSeq seq;
  gboolean have_seq = FALSE;
  guint32 now = 0;
  size_t off = 0;

  tel_event_receiver_init (&ter);
  while (off < size)
    {
      size_t len = data[off++];
      const guint8 *p = data + off;
      RtpPacket pkt;

      if (len > size - off)
        len = size - off;
      off += len;
      if (len == 0)
        {
          JitterFrame f;
          JitterStats st;
          now += 160;
          jitter_get (jb, now, &f);
          if (f.payload)
            g_assert (f.len <= 255);
          jitter_get_stats (jb, &st);
          continue;
        }
      if (rtp_looks_like_rtcp (p, len))
        {
          RtcpReport r;
          if (rtcp_parse (p, len, &r, NULL))
            {
              g_assert (r.n_blocks <= RTCP_MAX_BLOCKS);
              g_assert (strlen (r.cname) < sizeof r.cname);
              for (guint i = 0; i < r.n_blocks; i++)
                (void) rtcp_rtt (&r.blocks[i], (guint64) now << 20);
            }
          continue;
        }
      if (!rtp_parse (p, len, &pkt, NULL))
        continue;
      g_assert (pkt.payload >= p && pkt.payload + pkt.payload_len <= p + len);
      if (!have_seq)
        {
          rtp_seq_start (&seq, pkt.seq);
          have_seq = TRUE;
        }
      rtp_seq_update (&seq, pkt.seq);
      (void) rtp_seq_lost (&seq);
      (void) rtp_seq_fraction_lost (&seq);
      if (pkt.pt == 101)
        {
          TelEvent ev;
          tel_event_receiver_push (&ter, pkt.ts, pkt.payload, pkt.payload_len, &ev);
        }
      else
        jitter_put (jb, pkt.seq, pkt.ts, pkt.ssrc, pkt.marker, pkt.payload, pkt.payload_len,
                    now);
    }
  jitter_free (jb);
  return 0;
}
