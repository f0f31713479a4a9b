/* gossl-pkcs7.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslPKCS7 { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslPKCS7, gossl_pkcs7, G_TYPE_OBJECT)
static void gossl_pkcs7_class_init (GosslPKCS7Class *klass) {}
static void gossl_pkcs7_init (GosslPKCS7 *self) {}
