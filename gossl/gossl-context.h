/* gossl-context.h: a TLS context (SSL_CTX)
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
#include <gossl/gossl-pkey.h>
#include <gossl/gossl-x509.h>
#include <gossl/gossl-x509-store.h>

G_BEGIN_DECLS

#define GOSSL_TYPE_CONTEXT (gossl_context_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslContext, gossl_context, GOSSL, CONTEXT, GObject)

/**
 * GOSSL_OP_NO_SSLV3:
 *
 * Do not negotiate SSL 3.0 (OpenSSL's `SSL_OP_NO_SSLv3`).
 *
 * Since: 0.1
 */
#define GOSSL_OP_NO_SSLV3 G_GUINT64_CONSTANT (0x02000000)
/**
 * GOSSL_OP_NO_TLSV1:
 *
 * Do not negotiate TLS 1.0 (OpenSSL's `SSL_OP_NO_TLSv1`).
 *
 * Since: 0.1
 */
#define GOSSL_OP_NO_TLSV1 G_GUINT64_CONSTANT (0x04000000)
/**
 * GOSSL_OP_NO_TLSV1_1:
 *
 * Do not negotiate TLS 1.1 (OpenSSL's `SSL_OP_NO_TLSv1_1`).
 *
 * Since: 0.1
 */
#define GOSSL_OP_NO_TLSV1_1 G_GUINT64_CONSTANT (0x10000000)
/**
 * GOSSL_OP_NO_TLSV1_2:
 *
 * Do not negotiate TLS 1.2 (OpenSSL's `SSL_OP_NO_TLSv1_2`).
 *
 * Since: 0.1
 */
#define GOSSL_OP_NO_TLSV1_2 G_GUINT64_CONSTANT (0x08000000)
/**
 * GOSSL_OP_NO_TLSV1_3:
 *
 * Do not negotiate TLS 1.3 (OpenSSL's `SSL_OP_NO_TLSv1_3`).
 *
 * Since: 0.1
 */
#define GOSSL_OP_NO_TLSV1_3 G_GUINT64_CONSTANT (0x20000000)

/**
 * GOSSL_SSL3_VERSION:
 *
 * SSL 3.0's protocol version number (OpenSSL's `SSL3_VERSION`), for
 * [method@Gossl.Context.set_min_proto_version]. OpenSSL 3 cannot negotiate it.
 *
 * Since: 0.1
 */
#define GOSSL_SSL3_VERSION 0x0300
/**
 * GOSSL_TLS1_VERSION:
 *
 * TLS 1.0's protocol version number (OpenSSL's `TLS1_VERSION`).
 *
 * Since: 0.1
 */
#define GOSSL_TLS1_VERSION 0x0301
/**
 * GOSSL_TLS1_1_VERSION:
 *
 * TLS 1.1's protocol version number (OpenSSL's `TLS1_1_VERSION`).
 *
 * Since: 0.1
 */
#define GOSSL_TLS1_1_VERSION 0x0302
/**
 * GOSSL_TLS1_2_VERSION:
 *
 * TLS 1.2's protocol version number (OpenSSL's `TLS1_2_VERSION`).
 *
 * Since: 0.1
 */
#define GOSSL_TLS1_2_VERSION 0x0303
/**
 * GOSSL_TLS1_3_VERSION:
 *
 * TLS 1.3's protocol version number (OpenSSL's `TLS1_3_VERSION`).
 *
 * Since: 0.1
 */
#define GOSSL_TLS1_3_VERSION 0x0304

GOSSL_AVAILABLE_IN_ALL
GosslContext   *gossl_context_new                   (GosslMethod      method,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_use_certificate       (GosslContext    *self,
                                                     GosslX509       *cert,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_use_certificate_file  (GosslContext    *self,
                                                     const char      *path,
                                                     GosslFiletype    type,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_use_certificate_chain_file (GosslContext *self,
                                                          const char   *path,
                                                          GError      **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_use_privatekey        (GosslContext    *self,
                                                     GosslPKey       *pkey,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_use_privatekey_file   (GosslContext    *self,
                                                     const char      *path,
                                                     GosslFiletype    type,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_check_privatekey      (GosslContext    *self,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_load_verify_locations (GosslContext    *self,
                                                     const char      *cafile,
                                                     const char      *capath,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_default_verify_paths (GosslContext *self,
                                                        GError      **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_load_client_ca        (GosslContext    *self,
                                                     const char      *cafile,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_load_tmp_dh           (GosslContext    *self,
                                                     const char      *dhfile,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509Store *gossl_context_get_cert_store        (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_cipher_list       (GosslContext    *self,
                                                     const char      *ciphers,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
guint64         gossl_context_set_options           (GosslContext    *self,
                                                     guint64          options);
GOSSL_AVAILABLE_IN_ALL
guint64         gossl_context_get_options           (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
void            gossl_context_set_verify            (GosslContext    *self,
                                                     GosslVerifyMode  mode);
GOSSL_AVAILABLE_IN_ALL
GosslVerifyMode gossl_context_get_verify_mode       (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
void            gossl_context_set_verify_depth      (GosslContext    *self,
                                                     int              depth);
GOSSL_AVAILABLE_IN_ALL
int             gossl_context_get_verify_depth      (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
void            gossl_context_set_timeout           (GosslContext    *self,
                                                     glong            seconds);
GOSSL_AVAILABLE_IN_ALL
glong           gossl_context_get_timeout           (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_session_id        (GosslContext    *self,
                                                     const guint8    *id,
                                                     gsize            len,
                                                     GError         **error);

GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_min_proto_version (GosslContext    *self,
                                                     int              version,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_max_proto_version (GosslContext    *self,
                                                     int              version,
                                                     GError         **error);
GOSSL_AVAILABLE_IN_ALL
int             gossl_context_get_min_proto_version (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
int             gossl_context_get_max_proto_version (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_alpn_protos       (GosslContext       *self,
                                                     const char * const *protocols,
                                                     GError            **error);

GOSSL_AVAILABLE_IN_ALL
void            gossl_context_set_use_system_certdb (GosslContext    *self,
                                                     gboolean         use_system_certdb);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_get_use_system_certdb (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
void            gossl_context_set_interaction       (GosslContext    *self,
                                                     GTlsInteraction *interaction);
GOSSL_AVAILABLE_IN_ALL
GTlsInteraction *gossl_context_get_interaction      (GosslContext    *self);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_min_protocol_version (GosslContext        *self,
                                                        GTlsProtocolVersion  version,
                                                        GError             **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_max_protocol_version (GosslContext        *self,
                                                        GTlsProtocolVersion  version,
                                                        GError             **error);
GOSSL_AVAILABLE_IN_ALL
GTlsProtocolVersion gossl_context_get_min_protocol_version (GosslContext *self);
GOSSL_AVAILABLE_IN_ALL
GTlsProtocolVersion gossl_context_get_max_protocol_version (GosslContext *self);

GOSSL_AVAILABLE_IN_ALL
GosslMode       gossl_context_set_mode              (GosslContext          *self,
                                                     GosslMode              mode);
GOSSL_AVAILABLE_IN_ALL
GosslMode       gossl_context_get_mode              (GosslContext          *self);
GOSSL_AVAILABLE_IN_ALL
GosslSessionCacheMode gossl_context_set_session_cache_mode (GosslContext          *self,
                                                            GosslSessionCacheMode  mode);
GOSSL_AVAILABLE_IN_ALL
GosslSessionCacheMode gossl_context_get_session_cache_mode (GosslContext *self);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_add_extra_chain_cert  (GosslContext          *self,
                                                     GosslX509             *cert,
                                                     GError               **error);

GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_client_ca_list    (GosslContext          *self,
                                                     GosslX509Name * const *names,
                                                     guint                  n_names,
                                                     GError               **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_add_client_ca         (GosslContext          *self,
                                                     GosslX509             *cert,
                                                     GError               **error);
GOSSL_AVAILABLE_IN_ALL
gboolean        gossl_context_set_tlsext_use_srtp   (GosslContext          *self,
                                                     const char            *profiles,
                                                     GError               **error);

G_END_DECLS
