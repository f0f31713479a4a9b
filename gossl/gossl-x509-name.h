/* gossl-x509-name.h: a distinguished name (X509_NAME)
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

#define GOSSL_TYPE_X509_NAME (gossl_x509_name_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslX509Name, gossl_x509_name, GOSSL, X509_NAME, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslX509Name *gossl_x509_name_new            (void);
GOSSL_AVAILABLE_IN_ALL
GosslX509Name *gossl_x509_name_copy           (GosslX509Name *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_name_get_entry      (GosslX509Name *self,
                                               const char    *field,
                                               GError       **error);
GOSSL_AVAILABLE_IN_ALL
GBytes        *gossl_x509_name_get_entry_bytes (GosslX509Name *self,
                                                const char    *field,
                                                GError       **error);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_x509_name_set_entry      (GosslX509Name *self,
                                               const char    *field,
                                               const char    *value,
                                               GError       **error);
GOSSL_AVAILABLE_IN_ALL
GVariant      *gossl_x509_name_get_components (GosslX509Name *self);
GOSSL_AVAILABLE_IN_ALL
GVariant      *gossl_x509_name_get_components_bytes (GosslX509Name *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_x509_name_to_string      (GosslX509Name *self);
GOSSL_AVAILABLE_IN_ALL
GByteArray    *gossl_x509_name_to_der         (GosslX509Name *self);
GOSSL_AVAILABLE_IN_ALL
int            gossl_x509_name_compare        (GosslX509Name *self,
                                               GosslX509Name *other);
GOSSL_AVAILABLE_IN_ALL
gulong         gossl_x509_name_hash           (GosslX509Name *self);

G_END_DECLS
