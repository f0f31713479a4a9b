/* gossl-x509-req.h: a certificate signing request (X509_REQ)
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

G_BEGIN_DECLS

#include <gossl/gossl-pkey.h>
#include <gossl/gossl-x509-name.h>
#include <gossl/gossl-x509-extension.h>

#define GOSSL_TYPE_X509_REQ (gossl_x509_req_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslX509Req, gossl_x509_req, GOSSL, X509_REQ, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslX509Req  *gossl_x509_req_new              (void);
GOSSL_AVAILABLE_IN_ALL
GosslX509Req  *gossl_x509_req_new_from_data    (GosslFiletype   type,
                                                const guint8   *data,
                                                gsize           len,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GByteArray    *gossl_x509_req_to_data          (GosslX509Req   *self,
                                                GosslFiletype   type,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509Req  *gossl_x509_req_new_from_bytes   (GosslFiletype   type,
                                                GBytes         *bytes,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GBytes        *gossl_x509_req_to_bytes         (GosslX509Req   *self,
                                                GosslFiletype   type,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GosslX509Name *gossl_x509_req_get_subject      (GosslX509Req   *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_req_get_subject_entry (GosslX509Req  *self,
                                                 const char    *field,
                                                 GError       **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKey     *gossl_x509_req_get_pubkey       (GosslX509Req   *self,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_req_set_pubkey       (GosslX509Req   *self,
                                                GosslPKey      *pkey,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
glong          gossl_x509_req_get_version      (GosslX509Req   *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_req_set_version      (GosslX509Req   *self,
                                                glong           version,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_req_sign             (GosslX509Req   *self,
                                                GosslPKey      *pkey,
                                                const char     *digest,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_req_verify           (GosslX509Req   *self,
                                                GosslPKey      *pkey,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_req_add_extensions   (GosslX509Req   *self,
                                                GosslX509Extension **extensions,
                                                guint           n_extensions,
                                                GError        **error);
GOSSL_AVAILABLE_IN_ALL
GPtrArray     *gossl_x509_req_get_extensions   (GosslX509Req   *self,
                                                GError        **error);


G_END_DECLS
