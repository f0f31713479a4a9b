/* gossl-netscape-spki.h: a Netscape signed public key and challenge
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

#define GOSSL_TYPE_NETSCAPE_SPKI (gossl_netscape_spki_get_type ())
GOSSL_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GosslNetscapeSpki, gossl_netscape_spki, GOSSL, NETSCAPE_SPKI, GObject)

GOSSL_AVAILABLE_IN_ALL
GosslNetscapeSpki *gossl_netscape_spki_new             (void);
GOSSL_AVAILABLE_IN_ALL
GosslNetscapeSpki *gossl_netscape_spki_new_from_base64 (const char         *base64,
                                                        GError            **error);
GOSSL_AVAILABLE_IN_ALL
char              *gossl_netscape_spki_to_base64       (GosslNetscapeSpki  *self,
                                                        GError            **error);
GOSSL_AVAILABLE_IN_ALL
gboolean           gossl_netscape_spki_sign            (GosslNetscapeSpki  *self,
                                                        GosslPKey          *pkey,
                                                        const char         *digest,
                                                        GError            **error);
GOSSL_AVAILABLE_IN_ALL
gboolean           gossl_netscape_spki_verify          (GosslNetscapeSpki  *self,
                                                        GosslPKey          *pkey,
                                                        GError            **error);
GOSSL_AVAILABLE_IN_ALL
GosslPKey         *gossl_netscape_spki_get_pubkey      (GosslNetscapeSpki  *self,
                                                        GError            **error);
GOSSL_AVAILABLE_IN_ALL
gboolean           gossl_netscape_spki_set_pubkey      (GosslNetscapeSpki  *self,
                                                        GosslPKey          *pkey,
                                                        GError            **error);

G_END_DECLS
