/* gossl-revoked.h: one entry of a certificate revocation list (X509_REVOKED)
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

#define GOSSL_TYPE_REVOKED (gossl_revoked_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslRevoked, gossl_revoked, GOSSL, REVOKED, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslRevoked  *gossl_revoked_new                 (void);
GOSSL_AVAILABLE_IN_ALL
GosslRevoked  *gossl_revoked_copy                (GosslRevoked  *self);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_revoked_get_serial_number   (GosslRevoked  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_revoked_set_serial_number   (GosslRevoked  *self,
                                                  const char    *hex,
                                                  GError       **error);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_revoked_get_reason          (GosslRevoked  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_revoked_set_reason          (GosslRevoked  *self,
                                                  const char    *reason,
                                                  GError       **error);
GOSSL_AVAILABLE_IN_ALL
char         **gossl_revoked_get_all_reasons     (void);
GOSSL_AVAILABLE_IN_ALL
GDateTime     *gossl_revoked_get_revocation_date (GosslRevoked  *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_revoked_set_revocation_date (GosslRevoked  *self,
                                                  GDateTime     *when,
                                                  GError       **error);
GOSSL_AVAILABLE_IN_ALL
char          *gossl_revoked_get_revocation_date_asn1 (GosslRevoked *self);
GOSSL_AVAILABLE_IN_ALL
gboolean       gossl_revoked_set_revocation_date_asn1 (GosslRevoked *self,
                                                       const char   *when,
                                                       GError      **error);

G_END_DECLS
