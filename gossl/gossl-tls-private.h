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

/* @protocols in ALPN wire format (each name preceded by its length); empty
 * bytes for none. NULL with GOSSL_SSL_ERROR_INVALID_ARGUMENT for a name that
 * is empty or longer than 255 bytes. */
GBytes *gossl_alpn_encode (const char * const *protocols, GError **error);

SSL_SESSION  *gossl_session_get_native      (GosslSession *self);
/* Takes ownership of one reference to @session. */
GosslSession *gossl_session_new_from_native (SSL_SESSION *session);

G_END_DECLS
