#include "gossl-test-util.h"

static GosslPKey *
small_key (void)
{
  g_autoptr(GError) error = NULL;
  GosslPKey *key = gossl_pkey_new ();

  g_assert_true (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_RSA, 1024, &error));
  g_assert_no_error (error);
  return key;
}

static void
add_ext (GosslX509 *cert, const char *type, gboolean critical, const char *value,
         GosslX509 *issuer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509Extension) ext =
    gossl_x509_extension_new (type, critical, value, cert, issuer, &error);

  g_assert_no_error (error);
  g_assert_true (gossl_x509_add_extension (cert, ext, &error));
  g_assert_no_error (error);
}

/* A v3 certificate for @key named @cn, issued by @issuer (NULL: self-signed)
 * and signed with @signer. */
static GosslX509 *
make_cert (const char *cn, GosslPKey *key, gboolean ca,
           GosslX509 *issuer, GosslPKey *signer, glong not_after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GosslX509Name) subject = NULL;
  GosslX509 *cert = gossl_x509_new ();

  g_assert_true (gossl_x509_set_version (cert, 2, &error));
  g_assert_true (gossl_x509_set_serial_number (cert, ca ? "1" : "2", &error));
  subject = gossl_x509_get_subject (cert);
  g_assert_true (gossl_x509_name_set_entry (subject, "CN", cn, &error));
  if (issuer != NULL)
    {
      g_autoptr(GosslX509Name) issuer_name = gossl_x509_get_subject (issuer);
      g_assert_true (gossl_x509_set_issuer (cert, issuer_name, &error));
    }
  else
    g_assert_true (gossl_x509_set_issuer (cert, subject, &error));
  g_assert_true (gossl_x509_gmtime_adj_not_before (cert, -7200, &error));
  g_assert_true (gossl_x509_gmtime_adj_not_after (cert, not_after, &error));
  g_assert_true (gossl_x509_set_pubkey (cert, key, &error));
  g_assert_no_error (error);
  if (ca)
    {
      add_ext (cert, "basicConstraints", TRUE, "CA:TRUE", NULL);
      add_ext (cert, "keyUsage", TRUE, "keyCertSign,cRLSign", NULL);
      add_ext (cert, "subjectKeyIdentifier", FALSE, "hash", NULL);
    }
  else
    {
      add_ext (cert, "basicConstraints", FALSE, "CA:FALSE", NULL);
      add_ext (cert, "subjectAltName", FALSE, "DNS:example.com", NULL);
    }
  g_assert_true (gossl_x509_sign (cert, signer, "sha256", &error));
  g_assert_no_error (error);
  return cert;
}

typedef struct {
  GosslPKey *ca_key;
  GosslPKey *leaf_key;
  GosslPKey *other_key;
  GosslX509 *ca;
  GosslX509 *leaf;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->ca_key = gossl_test_rsa_key ();
  f->leaf_key = small_key ();
  f->other_key = small_key ();
  f->ca = make_cert ("Test CA", f->ca_key, TRUE, NULL, f->ca_key, 3600);
  f->leaf = make_cert ("leaf", f->leaf_key, FALSE, f->ca, f->ca_key, 3600);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->leaf);
  g_clear_object (&f->ca);
  g_clear_object (&f->other_key);
  g_clear_object (&f->leaf_key);
  g_clear_object (&f->ca_key);
}

static void
assert_refused (GosslX509Store *store, GosslX509 *cert, const char *reason)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_x509_store_verify_certificate (store, cert, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_FAILED);
  if (strstr (error->message, reason) == NULL)
    g_error ("expected \"%s\" in \"%s\"", reason, error->message);
}

static void
test_verify (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_verify_certificate (store, f->leaf, &error));
  g_assert_no_error (error);
  g_assert_true (gossl_x509_store_verify_certificate (store, f->ca, &error));
  g_assert_no_error (error);

  /* The same certificate twice is fine (OpenSSL 1.1.0 and later). */
  g_assert_true (gossl_x509_store_add_cert (store, f->ca, &error));
  g_assert_no_error (error);

  /* Loaded from PEM, the leaf verifies the same. */
  {
    g_autoptr(GByteArray) pem = gossl_x509_to_data (f->leaf, GOSSL_FILETYPE_PEM, &error);
    g_autoptr(GosslX509) loaded =
      gossl_x509_new_from_data (GOSSL_FILETYPE_PEM, pem->data, pem->len, &error);
    g_assert_no_error (error);
    g_assert_true (gossl_x509_store_verify_certificate (store, loaded, &error));
    g_assert_no_error (error);
  }
}

/* The store keeps its own reference: dropping the certificate after adding
 * it changes nothing. */
static void
test_store_owns_cert (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GError) error = NULL;
  GosslX509 *ca = make_cert ("Short-lived CA object", f->ca_key, TRUE, NULL, f->ca_key, 3600);
  g_autoptr(GosslX509) leaf = make_cert ("leaf", f->leaf_key, FALSE, ca, f->ca_key, 3600);

  g_assert_true (gossl_x509_store_add_cert (store, ca, &error));
  g_object_unref (ca);
  g_assert_true (gossl_x509_store_verify_certificate (store, leaf, &error));
  g_assert_no_error (error);
}

static void
test_empty_store (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();

  assert_refused (store, f->leaf, "unable to get local issuer certificate");
  assert_refused (store, f->ca, "self-signed certificate");
}

/* A leaf naming the CA as issuer but signed by another key. */
static void
test_wrong_signer (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509) forged = make_cert ("forged", f->leaf_key, FALSE, f->ca,
                                           f->other_key, 3600);

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  assert_refused (store, forged, "certificate signature failure");
}

/* A leaf from another CA than the one trusted. */
static void
test_wrong_issuer (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509) other_ca = make_cert ("Other CA", f->other_key, TRUE, NULL,
                                             f->other_key, 3600);
  g_autoptr(GosslX509) other_leaf = make_cert ("other leaf", f->leaf_key, FALSE, other_ca,
                                               f->other_key, 3600);

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  assert_refused (store, other_leaf, "unable to get local issuer certificate");
  assert_refused (store, other_ca, "self-signed certificate");
}

static void
test_expired (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509) expired = make_cert ("expired", f->leaf_key, FALSE, f->ca,
                                            f->ca_key, -3600);

  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  assert_refused (store, expired, "certificate has expired");
}

/* A certificate without CA:TRUE cannot issue others. */
static void
test_not_a_ca (Fixture *f, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  g_autoptr(GosslX509) grandchild = make_cert ("grandchild", f->other_key, FALSE, f->leaf,
                                               f->leaf_key, 3600);

  /* Trusting the leaf alone is no trust anchor (no partial chains)... */
  g_assert_true (gossl_x509_store_add_cert (store, f->leaf, NULL));
  assert_refused (store, grandchild, "unable to get issuer certificate");
  /* ...and with its CA the chain is whole, but the leaf may not issue. */
  g_assert_true (gossl_x509_store_add_cert (store, f->ca, NULL));
  assert_refused (store, grandchild, "invalid CA certificate");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/x509-store/verify", test_verify);
  ADD ("/x509-store/store-owns-cert", test_store_owns_cert);
  ADD ("/x509-store/empty-store", test_empty_store);
  ADD ("/x509-store/wrong-signer", test_wrong_signer);
  ADD ("/x509-store/wrong-issuer", test_wrong_issuer);
  ADD ("/x509-store/expired", test_expired);
  ADD ("/x509-store/not-a-ca", test_not_a_ca);
#undef ADD

  return g_test_run ();
}
