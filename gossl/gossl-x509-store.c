/* gossl-x509-store.c -- placeholder, being written */
#include "gossl-private.h"

struct _GosslX509Store { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (GosslX509Store, gossl_x509_store, G_TYPE_OBJECT)
static void gossl_x509_store_class_init (GosslX509StoreClass *klass) {}
static void gossl_x509_store_init (GosslX509Store *self) {}
