/* gossl-connection.h: a TLS connection (SSL) over a borrowed socket
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#if !defined(__GOSSL_INSIDE__) && !defined(GOSSL_COMPILATION)
#error "Only <gossl/gossl.h> can be included directly."
#endif

#include <gio/gio.h>
#include <gossl/gossl-version.h>
#include <gossl/gossl-types.h>
#include <gossl/gossl-context.h>
#include <gossl/gossl-x509.h>
#include <gossl/gossl-session.h>

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
gboolean         gossl_connection_try_set_accept_state (GosslConnection  *self,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_try_set_connect_state (GosslConnection *self,
                                                         GError         **error);
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
gssize           gossl_connection_recv_into            (GosslConnection  *self,
                                                        guint8           *buffer,
                                                        gsize             len,
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

GOSSL_AVAILABLE_IN_ALL
GosslConnection *gossl_connection_new_memory           (GosslContext     *context,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_is_memory            (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gssize           gossl_connection_bio_write            (GosslConnection  *self,
                                                        const guint8     *data,
                                                        gsize             len,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
GByteArray      *gossl_connection_bio_read             (GosslConnection  *self,
                                                        gsize             bufsize,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_bio_shutdown         (GosslConnection  *self,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_set_context          (GosslConnection  *self,
                                                        GosslContext     *context,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_set_tlsext_host_name (GosslConnection  *self,
                                                        const char       *name,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_connection_get_servername       (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_set_verify_hostname  (GosslConnection  *self,
                                                        const char       *hostname,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
glong            gossl_connection_get_verify_result    (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_set_alpn_protos      (GosslConnection    *self,
                                                        const char * const *protocols,
                                                        GError            **error);
GOSSL_AVAILABLE_IN_ALL
char            *gossl_connection_get_alpn_proto_negotiated (GosslConnection *self);
GOSSL_AVAILABLE_IN_ALL
GPtrArray       *gossl_connection_get_peer_cert_chain  (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
GPtrArray       *gossl_connection_get_verified_chain   (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
int              gossl_connection_get_protocol_version (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
int              gossl_connection_get_cipher_bits      (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_connection_get_cipher_version   (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
GosslSession    *gossl_connection_get_session          (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_set_session          (GosslConnection  *self,
                                                        GosslSession     *session,
                                                        GError          **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_session_reused       (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_renegotiate_pending  (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_get_peer_closed      (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
GTlsCertificateFlags gossl_connection_get_peer_certificate_errors (GosslConnection *self);
GOSSL_AVAILABLE_IN_ALL
GTlsProtocolVersion gossl_connection_get_tls_protocol_version (GosslConnection *self);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_connection_get_ciphersuite_name (GosslConnection  *self);
GOSSL_AVAILABLE_IN_ALL
const char      *gossl_connection_get_negotiated_protocol (GosslConnection *self);

GOSSL_AVAILABLE_IN_ALL
GosslShutdownState gossl_connection_get_shutdown    (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
void             gossl_connection_set_shutdown      (GosslConnection    *self,
                                                     GosslShutdownState  state);

GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_request_ocsp      (GosslConnection    *self,
                                                     GError            **error);
GOSSL_AVAILABLE_IN_ALL
GBytes          *gossl_connection_export_keying_material (GosslConnection  *self,
                                                          const char       *label,
                                                          gsize             length,
                                                          GBytes           *context,
                                                          GError          **error);
GOSSL_AVAILABLE_IN_ALL
GBytes          *gossl_connection_get_client_random (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
GBytes          *gossl_connection_get_server_random (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
GBytes          *gossl_connection_get_master_key    (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
GBytes          *gossl_connection_get_finished      (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
GBytes          *gossl_connection_get_peer_finished (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_dtls_listen       (GosslConnection    *self,
                                                     GError            **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_set_ciphertext_mtu (GosslConnection   *self,
                                                      guint              mtu,
                                                      GError           **error);
GOSSL_AVAILABLE_IN_ALL
guint            gossl_connection_get_cleartext_mtu (GosslConnection    *self);

GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_set_client_ca_list (GosslConnection       *self,
                                                      GosslX509Name * const *names,
                                                      guint                  n_names,
                                                      GError               **error);
GOSSL_AVAILABLE_IN_ALL
GPtrArray       *gossl_connection_get_client_ca_list (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_use_certificate   (GosslConnection    *self,
                                                     GosslX509          *cert,
                                                     GError            **error);
GOSSL_AVAILABLE_IN_ALL
gboolean         gossl_connection_use_privatekey    (GosslConnection    *self,
                                                     GosslPKey          *pkey,
                                                     GError            **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509       *gossl_connection_get_certificate   (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
void             gossl_connection_set_verify        (GosslConnection    *self,
                                                     GosslVerifyMode     mode);
GOSSL_AVAILABLE_IN_ALL
GosslVerifyMode  gossl_connection_get_verify_mode   (GosslConnection    *self);
GOSSL_AVAILABLE_IN_ALL
glong            gossl_connection_get_total_renegotiations (GosslConnection *self);
GOSSL_AVAILABLE_IN_ALL
GByteArray      *gossl_connection_peek              (GosslConnection    *self,
                                                     gsize               bufsize,
                                                     GError            **error);

G_END_DECLS
