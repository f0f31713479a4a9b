/* gossl-pkcs12.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslPKCS12 { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslPKCS12, gossl_pkcs12, G_TYPE_OBJECT)
static void gossl_pkcs12_class_init (GosslPKCS12Class *klass) {}
static void gossl_pkcs12_init (GosslPKCS12 *self) {}
