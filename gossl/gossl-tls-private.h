/* gossl-tls-private.h: what gossl-context.c and gossl-connection.c share
 *
 * Not installed and never read by g-ir-scanner.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gossl-private.h"

G_BEGIN_DECLS

/* The connection that owns @ssl (SSL ex_data back-pointer), or NULL for an
 * SSL that gossl did not make. Borrowed: valid while the call that handed
 * @ssl to a callback runs. */
GosslConnection *gossl_connection_from_ssl (const SSL *ssl);

/* The signals a connection's own OpenSSL calls emit, for the re-entrance
 * guard: its message names the one whose handler made the refused call,
 * and a servername handler may still switch the context. */
typedef enum {
  GOSSL_HANDLER_NONE,
  GOSSL_HANDLER_VERIFY,
  GOSSL_HANDLER_INFO,
  GOSSL_HANDLER_SERVERNAME,
  GOSSL_HANDLER_ALPN_SELECT,
  GOSSL_HANDLER_OCSP_STATUS_REQUEST,
  GOSSL_HANDLER_OCSP_STATUS_RESPONSE,
  GOSSL_HANDLER_KEYLOG,
  GOSSL_HANDLER_GENERATE_COOKIE,
  GOSSL_HANDLER_VERIFY_COOKIE,
} GosslHandler;

/* Bracket the emission of @handler's signal for @self (from an OpenSSL
 * callback); enter returns what leave restores. */
GosslHandler gossl_connection_enter_handler (GosslConnection *self,
                                             GosslHandler     handler);
void         gossl_connection_leave_handler (GosslConnection *self,
                                             GosslHandler     previous);

/* TRUE unless @self is inside one of its own OpenSSL calls (so a handler
 * of a signal that call emits is running): then FALSE with
 * GOSSL_SSL_ERROR_FAILED naming @call. Every entry point that does I/O or
 * changes the connection's state, its own or a #GosslTlsStream's, checks
 * it first. */
gboolean     gossl_connection_check_idle    (GosslConnection  *self,
                                             const char       *call,
                                             GError          **error);

/* @name checked as the name of a peer, a DNS name or an IP address
 * ("[::1]" as in URLs), and normalized: brackets gone, an international
 * name in its ASCII (IDNA) form. *@is_ip tells which it is. NULL with
 * GOSSL_SSL_ERROR_INVALID_ARGUMENT for anything else: empty, empty labels
 * (".example.com", "example.com."), wildcards, spaces, "[]". */
char        *gossl_host_name_check          (const char  *name,
                                             gboolean    *is_ip,
                                             GError     **error);

/* The memory BIOs of a connection made by gossl_connection_new_memory()
 * (owned by its SSL; NULL for other connections): what OpenSSL reads and
 * what it writes. */
BIO    *gossl_connection_get_into_bio (GosslConnection *self);
BIO    *gossl_connection_get_from_bio (GosslConnection *self);
/* Discards what the into (@into TRUE) or from memory BIO holds and frees
 * the buffer it grew to, if large: the BIO may be replaced, so get it
 * again afterwards. Only for a BIO that is drained (or whose content is
 * to go) and, for into, not yet shut down (gossl_connection_bio_shutdown()). */
void    gossl_connection_empty_memory_bio (GosslConnection *self,
                                           gboolean         into);
/* gossl_connection_recv_into() for a GosslTlsStream, whose reads meet
 * WANT_READ at every record: then -1 with *@want_read TRUE and no GError
 * (whose message and recorded error queue cost more than the read). */
gssize  gossl_connection_recv_or_want_read (GosslConnection  *self,
                                            guint8           *buffer,
                                            gsize             len,
                                            gboolean         *want_read,
                                            GError          **error);
/* gossl_connection_do_handshake() the same way; @want_read may be NULL. */
gboolean gossl_connection_handshake_or_want_read (GosslConnection  *self,
                                                  gboolean         *want_read,
                                                  GError          **error);
/* A GosslTlsStream moves the connection's records from now on: bio_read()
 * is refused from inside the connection's handlers, where it would take
 * records from under the stream. */
void    gossl_connection_set_stream_transport (GosslConnection *self);

/* @protocols in ALPN wire format (each name preceded by its length); empty
 * bytes for none. NULL with GOSSL_SSL_ERROR_INVALID_ARGUMENT for a name that
 * is empty or longer than 255 bytes. */
GBytes *gossl_alpn_encode (const char * const *protocols, GError **error);

/* TRUE when @self has its SSL_CTX; FALSE with G_IO_ERROR_NOT_INITIALIZED
 * for a context made by g_object_new() and never initialized. */
gboolean gossl_context_check_usable (GosslContext *self, GError **error);

/* Installs OpenSSL's keylog callback if a handler of GosslContext::keylog
 * is there: when a handshake starts, or a connection switches to the
 * context. */
void     gossl_context_arm_keylog (GosslContext *self);

/* Whether gossl_context_set_verify() was called: until it is, a client
 * connection verifies the server (SSL_VERIFY_PEER). */
gboolean gossl_context_get_verify_explicit (GosslContext *self);

/* OpenSSL's number for @version (0 for UNKNOWN), or -1 for DTLS and
 * values that are no version; and back (UNKNOWN for 0 and unknowns). */
int                 gossl_protocol_version_to_native   (GTlsProtocolVersion version);
GTlsProtocolVersion gossl_protocol_version_from_native (int version);

/* The verification of the peer's chain, driven by the context's
 * callbacks: begin_verify() forgets the problems of an earlier one;
 * note_verify_error() records the X509_V_ERR_* @x509_error met at some
 * certificate and, with @defer, keeps the first one to fail the chain with
 * at the end; it returns FALSE outside begin_verify() ... end_verify(),
 * when nothing can be deferred. end_verify() returns that first deferred
 * error (X509_V_OK when none). */
void     gossl_connection_begin_verify      (GosslConnection *self);
gboolean gossl_connection_note_verify_error (GosslConnection *self,
                                             int              x509_error,
                                             gboolean         defer);
int      gossl_connection_end_verify        (GosslConnection *self);

/* The connection's own GosslConnection::verify: whether a handler is
 * connected (then it is emitted instead of the context's), and its
 * answer. */
gboolean gossl_connection_has_verify_handler (GosslConnection *self);
gboolean gossl_connection_emit_verify       (GosslConnection *self,
                                             GosslX509       *certificate,
                                             int              errnum,
                                             int              depth,
                                             gboolean         ok);

/* Called from the info callback at SSL_CB_HANDSHAKE_DONE: the properties
 * are notified when the I/O call that ran the handshake returns, not from
 * inside OpenSSL. */
void     gossl_connection_handshake_done    (GosslConnection *self);
/* The number of handshakes the connection completed, for #GosslTlsStream
 * to notify its own properties. */
guint    gossl_connection_get_handshake_count (GosslConnection *self);

/* Sets @error to GOSSL_SSL_ERROR_EOF (the peer closed the transport
 * without a close_notify; errno -1 recorded). @self may be NULL. */
void     gossl_connection_set_eof_error     (GosslConnection *self,
                                             GError         **error);

/* The peer's address, for error messages, when the connection has no
 * socket to ask (memory connections). */
void     gossl_connection_set_peer_address  (GosslConnection *self,
                                             GSocketAddress  *address);

SSL_SESSION  *gossl_session_get_native      (GosslSession *self);
/* Takes ownership of one reference to @session. */
GosslSession *gossl_session_new_from_native (SSL_SESSION *session);

G_END_DECLS
