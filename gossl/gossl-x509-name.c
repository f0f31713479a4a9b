/* gossl-x509-name.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslX509Name { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslX509Name, gossl_x509_name, G_TYPE_OBJECT)
static void gossl_x509_name_class_init (GosslX509NameClass *klass) {}
static void gossl_x509_name_init (GosslX509Name *self) {}
