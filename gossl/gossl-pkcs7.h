/* gossl-pkcs7.h: a PKCS#7 structure
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

#define GOSSL_TYPE_PKCS7 (gossl_pkcs7_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslPKCS7, gossl_pkcs7, GOSSL, PKCS7, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslPKCS7 *gossl_pkcs7_new_from_data             (GosslFiletype  type,
                                                   const guint8  *data,
                                                   gsize          len,
                                                   GError       **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKCS7 *gossl_pkcs7_new_from_bytes            (GosslFiletype  type,
                                                   GBytes        *bytes,
                                                   GError       **error);
GOSSL_AVAILABLE_IN_ALL
gboolean    gossl_pkcs7_type_is_signed             (GosslPKCS7 *self);
GOSSL_AVAILABLE_IN_ALL
gboolean    gossl_pkcs7_type_is_enveloped          (GosslPKCS7 *self);
GOSSL_AVAILABLE_IN_ALL
gboolean    gossl_pkcs7_type_is_signed_and_enveloped (GosslPKCS7 *self);
GOSSL_AVAILABLE_IN_ALL
gboolean    gossl_pkcs7_type_is_data               (GosslPKCS7 *self);
GOSSL_AVAILABLE_IN_ALL
const char *gossl_pkcs7_get_type_name              (GosslPKCS7 *self);

G_END_DECLS
