/* SIP transactions (RFC 3261 section 17, with the Accepted state of RFC
 * 6026): the INVITE and non-INVITE client and server state machines,
 * retransmission on unreliable transports, and absorption of
 * retransmissions.
 *
 * Timers come from the configuration: timer_t1, timer_t2 (and T4 = 5 s),
 * and the Cisco retransmission caps sip_invite_retx and sip_retx: a client
 * transaction gives up after that many retransmissions have gone unanswered,
 * or after 64*T1, whichever comes first.
 *
 * The layer owns every transaction; a transaction frees itself when it
 * terminates.  Callbacks run on the main context. */
#pragma once

#include "msg.h"
#include "transport.h"

G_BEGIN_DECLS

typedef struct {
  guint t1, t2, t4;   /* milliseconds */
  guint invite_retx;  /* most INVITE retransmissions */
  guint retx;         /* most retransmissions of other requests */
} SipTimers;

#define SIP_TIMERS_DEFAULT ((SipTimers) { 500, 4000, 5000, 6, 10 })

typedef struct _SipTxLayer SipTxLayer;
typedef struct _SipClientTx SipClientTx;
typedef struct _SipServerTx SipServerTx;

/* A response for a client transaction.  @resp is NULL when the transaction
 * failed locally: @status is then 408 (no answer) or 503 (transport error).
 * After a final response (>= 200) the callback is not called again except
 * for retransmitted 2xx to an INVITE (the UA core must ACK each). */
typedef void (*SipClientFunc) (SipClientTx *tx, const SipMsg *resp, guint status,
                               gpointer data);

/* A new request.  @tx is NULL for requests without a transaction: an ACK
 * for a 2xx (the dialog layer takes it).  Respond with
 * sip_server_tx_respond(); the layer has already sent 100 Trying to an
 * INVITE. */
typedef void (*SipRequestFunc) (SipTxLayer *layer, SipServerTx *tx, const SipMsg *req,
                                const SipPeer *from, gpointer data);

SipTxLayer *sip_tx_layer_new (SipTransport *tp, SipRequestFunc on_request, gpointer data);
void sip_tx_layer_free (SipTxLayer *layer);
void sip_tx_layer_set_timers (SipTxLayer *layer, const SipTimers *timers);
const SipTimers *sip_tx_layer_get_timers (SipTxLayer *layer);

/* Hands a received message to the layer (call from the transport's receive
 * callback).  Responses with no transaction are dropped (RFC 3261 17.1.3);
 * for an INVITE's 2xx see SipClientFunc. */
void sip_tx_layer_receive (SipTxLayer *layer, SipMsg **msg, const SipPeer *from);

/* A new branch value: "z9hG4bK" and 24 random hex digits.
 * Returns: (transfer full). */
char *sip_new_branch (void);

/* Starts a client transaction sending @request (a complete message whose
 * top Via carries @branch) to @to.  Takes @request. */
SipClientTx *sip_client_tx_start (SipTxLayer *layer, GString *request, const SipPeer *to,
                                  SipClientFunc func, gpointer data);
/* The same; @destroy is called on @data when the transaction ends, so
 * @data can be a handle that outlives (and is checked against) the
 * object it names. */
SipClientTx *sip_client_tx_start_full (SipTxLayer *layer, GString *request, const SipPeer *to,
                                       SipClientFunc func, gpointer data, GDestroyNotify destroy);
/* A CANCEL went out for this INVITE: if no final response comes within
 * 64*T1 the transaction fails with 408 (RFC 3261 9.1). */
void sip_client_tx_cancelled (SipClientTx *tx);

/* Stops callbacks to the transaction user (it is going away); the
 * transaction still runs to its end. */
void sip_client_tx_detach (SipClientTx *tx);
/* The request as sent. */
const SipMsg *sip_client_tx_get_request (SipClientTx *tx);
const SipPeer *sip_client_tx_get_peer (SipClientTx *tx);

/* Sends a response on a server transaction.  Takes @response; @status is its
 * code. */
void sip_server_tx_respond (SipServerTx *tx, GString *response, guint status);
const SipMsg *sip_server_tx_get_request (SipServerTx *tx);
/* The INVITE server transaction a CANCEL is for (RFC 3261 9.2), or NULL. */
SipServerTx *sip_tx_layer_find_cancelled (SipTxLayer *layer, const SipMsg *cancel);
/* Whether a final response has been sent. */
gboolean sip_server_tx_is_final (SipServerTx *tx);

/* Numbers of live transactions (tests, benches). */
guint sip_tx_layer_count (SipTxLayer *layer);

G_END_DECLS
