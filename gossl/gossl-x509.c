/* gossl-x509.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslX509 { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslX509, gossl_x509, G_TYPE_OBJECT)
static void gossl_x509_class_init (GosslX509Class *klass) {}
static void gossl_x509_init (GosslX509 *self) {}
