/* gossl-connection.h: a TLS connection (SSL) over a borrowed socket
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <glib-object.h>
#include <gossl/gossl-version.h>
#include <gossl/gossl-types.h>
#include <gossl/gossl-context.h>
#include <gossl/gossl-x509.h>

G_BEGIN_DECLS

#define GOSSL_TYPE_CONNECTION (gossl_connection_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslConnection, gossl_connection, GOSSL, CONNECTION, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslConnection *gossl_connection_new                  (GosslContext     *context,
                                                        int               fd,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
int              gossl_connection_get_fd               (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_set_fd               (GosslConnection  *self,
                                                        int               fd,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
GosslContext    *gossl_connection_get_context          (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
void             gossl_connection_set_accept_state     (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
void             gossl_connection_set_connect_state    (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_do_handshake         (GosslConnection  *self,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gssize           gossl_connection_send                 (GosslConnection  *self,
                                                        const guint8     *data,
                                                        gsize             len,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_send_all             (GosslConnection  *self,
                                                        const guint8     *data,
                                                        gsize             len,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
GByteArray      *gossl_connection_recv                 (GosslConnection  *self,
                                                        gsize             bufsize,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
int              gossl_connection_pending              (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_renegotiate          (GosslConnection  *self,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_shutdown             (GosslConnection  *self,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_connection_state_string         (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_want_read            (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_want_write           (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
GosslX509       *gossl_connection_get_peer_certificate (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
char           **gossl_connection_get_cipher_list      (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_connection_get_cipher_name      (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_connection_get_protocol_version_name (GosslConnection *self);

G_END_DECLS
