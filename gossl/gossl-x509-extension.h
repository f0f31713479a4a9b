/* gossl-x509-extension.h: a certificate extension (X509_EXTENSION)
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

typedef struct _GosslX509 GosslX509;

#define GOSSL_TYPE_X509_EXTENSION (gossl_x509_extension_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslX509Extension, gossl_x509_extension, GOSSL, X509_EXTENSION, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslX509Extension *gossl_x509_extension_new            (const char         *type_name,
                                                         gboolean            critical,
                                                         const char         *value,
                                                         GosslX509          *subject,
                                                         GosslX509          *issuer,
                                                         GError            **error);
GOSSL_AVAILABLE_IN_ALL
gboolean            gossl_x509_extension_get_critical   (GosslX509Extension *self);
GOSSL_AVAILABLE_IN_ALL
const char         *gossl_x509_extension_get_short_name (GosslX509Extension *self);
GOSSL_AVAILABLE_IN_ALL
GByteArray         *gossl_x509_extension_get_data       (GosslX509Extension *self);
GOSSL_AVAILABLE_IN_ALL
char               *gossl_x509_extension_to_string      (GosslX509Extension *self);
GOSSL_AVAILABLE_IN_ALL
GBytes             *gossl_x509_extension_to_bytes       (GosslX509Extension *self);

G_END_DECLS
