/* gossl-x509-extension.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslX509Extension { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslX509Extension, gossl_x509_extension, G_TYPE_OBJECT)
static void gossl_x509_extension_class_init (GosslX509ExtensionClass *klass) {}
static void gossl_x509_extension_init (GosslX509Extension *self) {}
