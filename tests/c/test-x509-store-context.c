#include "gossl-test-util.h"
#include <glib/gstdio.h>

/* root -> intermediate -> leaf, made fresh: the leaf is valid for an hour. */
typedef struct {
  GosslPKey *root_key;
  GosslPKey *mid_key;
  GosslPKey *leaf_key;
  GosslX509 *root;
  GosslX509 *mid;
  GosslX509 *leaf;
} Chain;

static void
chain_set_up (Chain *c, gconstpointer data)
{
  c->root_key = gossl_test_rsa_key ();
  c->mid_key = gossl_test_small_key ();
  c->leaf_key = gossl_test_small_key ();
  c->root = gossl_test_make_cert ("Test Root", c->root_key, TRUE, NULL, c->root_key, 86400);
  c->mid = gossl_test_make_cert ("Test Intermediate", c->mid_key, TRUE, c->root, c->root_key, 86400);
  c->leaf = gossl_test_make_cert ("leaf", c->leaf_key, FALSE, c->mid, c->mid_key, 3600);
}

static void
chain_tear_down (Chain *c, gconstpointer data)
{
  g_clear_object (&c->leaf);
  g_clear_object (&c->mid);
  g_clear_object (&c->root);
  g_clear_object (&c->leaf_key);
  g_clear_object (&c->mid_key);
  g_clear_object (&c->root_key);
}

static GosslX509Store *
store_of (GosslX509 *first, GosslX509 *second)
{
  GosslX509Store *store = gossl_x509_store_new ();
  g_autoptr(GError) error = NULL;

  if (first != NULL)
    g_assert_true (gossl_x509_store_add_cert (store, first, &error));
  if (second != NULL)
    g_assert_true (gossl_x509_store_add_cert (store, second, &error));
  g_assert_no_error (error);
  return store;
}

static void
assert_cn (GosslX509 *cert, const char *cn)
{
  g_autofree char *actual = NULL;

  g_assert_nonnull (cert);
  actual = gossl_x509_get_subject_common_name (cert);
  g_assert_cmpstr (actual, ==, cn);
}

static void
assert_passes (GosslX509StoreContext *ctx, guint chain_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) chain = NULL;

  g_assert_true (gossl_x509_store_context_verify_certificate (ctx, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gossl_x509_store_context_get_error (ctx), ==, GOSSL_VERIFY_RESULT_OK);
  g_assert_cmpint (gossl_x509_store_context_get_error_depth (ctx), ==, -1);
  g_assert_null (gossl_x509_store_context_get_current_certificate (ctx));
  g_assert_cmpint (gossl_x509_store_context_get_certificate_errors (ctx), ==, 0);
  chain = gossl_x509_store_context_get_verified_chain (ctx);
  g_assert_nonnull (chain);
  g_assert_cmpuint (chain->len, ==, chain_length);
}

/* Fails with @code at @depth, where the certificate is @cn. */
static void
assert_fails (GosslX509StoreContext *ctx, GosslVerifyResult code, int depth,
              const char *cn, const char *message, GTlsCertificateFlags flags)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_x509_store_context_verify_certificate (ctx, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_BAD_CERTIFICATE);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (gossl_x509_store_context_get_error (ctx), ==, code);
  g_assert_cmpint (gossl_x509_store_context_get_error_depth (ctx), ==, depth);
  assert_cn (gossl_x509_store_context_get_current_certificate (ctx), cn);
  g_assert_cmpint (gossl_x509_store_context_get_certificate_errors (ctx), ==, flags);
  g_assert_null (gossl_x509_store_context_get_verified_chain (ctx));
}

static void
test_valid_chain (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = store_of (c->root, NULL);
  GosslX509 *untrusted[] = { c->mid };
  g_autoptr(GosslX509StoreContext) ctx =
    gossl_x509_store_context_new (store, c->leaf, untrusted, 1);
  g_autoptr(GPtrArray) chain = NULL;

  g_assert_true (gossl_x509_store_context_get_store (ctx) == store);
  g_assert_true (gossl_x509_store_context_get_certificate (ctx) == c->leaf);
  /* Nothing to tell before the first verification. */
  g_assert_null (gossl_x509_store_context_get_verified_chain (ctx));
  g_assert_cmpint (gossl_x509_store_context_get_error_depth (ctx), ==, -1);

  assert_passes (ctx, 3);
  chain = gossl_x509_store_context_get_verified_chain (ctx);
  assert_cn (chain->pdata[0], "leaf");
  assert_cn (chain->pdata[1], "Test Intermediate");
  assert_cn (chain->pdata[2], "Test Root");
  /* Again, the same. */
  assert_passes (ctx, 3);
}

/* The intermediate in the store works as well as in the untrusted list. */
static void
test_intermediate_in_store (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = store_of (c->root, c->mid);
  g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, c->leaf, NULL, 0);

  assert_passes (ctx, 3);
}

static void
test_missing_intermediate (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = store_of (c->root, NULL);
  g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, c->leaf, NULL, 0);

  assert_fails (ctx, GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0, "leaf",
                "unable to get local issuer certificate", G_TLS_CERTIFICATE_UNKNOWN_CA);
}

static void
test_missing_root (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = store_of (c->mid, NULL);
  g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, c->leaf, NULL, 0);

  assert_fails (ctx, GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT, 1, "Test Intermediate",
                "unable to get issuer certificate", G_TLS_CERTIFICATE_UNKNOWN_CA);

  /* A trusted intermediate ends the chain once partial chains are allowed;
   * the flag is read at each verification. */
  gossl_x509_store_set_flags (store, GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN);
  assert_passes (ctx, 2);
  gossl_x509_store_clear_flags (store, GOSSL_VERIFY_FLAGS_PARTIAL_CHAIN);
  assert_fails (ctx, GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT, 1, "Test Intermediate",
                "unable to get issuer certificate", G_TLS_CERTIFICATE_UNKNOWN_CA);
}

/* A root among the untrusted certificates is no trust anchor. */
static void
test_untrusted_root (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
  GosslX509 *untrusted[] = { c->root, c->mid };
  g_autoptr(GosslX509StoreContext) ctx =
    gossl_x509_store_context_new (store, c->leaf, untrusted, G_N_ELEMENTS (untrusted));

  assert_fails (ctx, GOSSL_VERIFY_RESULT_SELF_SIGNED_CERT_IN_CHAIN, 2, "Test Root",
                "self-signed certificate in certificate chain", G_TLS_CERTIFICATE_UNKNOWN_CA);
}

static void
test_self_signed (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) empty = gossl_x509_store_new ();
  g_autoptr(GosslX509Store) trusting = store_of (c->root, NULL);
  g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (empty, c->root, NULL, 0);

  assert_fails (ctx, GOSSL_VERIFY_RESULT_DEPTH_ZERO_SELF_SIGNED_CERT, 0, "Test Root",
                "self-signed certificate", G_TLS_CERTIFICATE_UNKNOWN_CA);
  gossl_x509_store_context_set_store (ctx, trusting);
  g_assert_true (gossl_x509_store_context_get_store (ctx) == trusting);
  assert_passes (ctx, 1);
}

static void
test_set_certificate (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = store_of (c->root, NULL);
  g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, c->leaf, NULL, 0);

  assert_fails (ctx, GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0, "leaf",
                "unable to get local issuer certificate", G_TLS_CERTIFICATE_UNKNOWN_CA);
  gossl_x509_store_context_set_certificate (ctx, c->mid);
  assert_passes (ctx, 2);
}

/* Verification time: past the leaf's end it has expired, before the
 * certificates' start nothing is valid yet, and NULL is now again. */
static void
test_time (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = store_of (c->root, c->mid);
  g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, c->leaf, NULL, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autoptr(GDateTime) earlier = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) got = NULL;

  g_assert_null (gossl_x509_store_get_time (store));
  gossl_x509_store_set_time (store, later);
  got = gossl_x509_store_get_time (store);
  g_assert_nonnull (got);
  g_assert_cmpint (g_date_time_to_unix (got), ==, g_date_time_to_unix (later));
  /* The time is no flag of its own. */
  g_assert_cmpint (gossl_x509_store_get_flags (store), ==, GOSSL_VERIFY_FLAGS_NONE);
  assert_fails (ctx, GOSSL_VERIFY_RESULT_CERT_HAS_EXPIRED, 0, "leaf",
                "certificate has expired", G_TLS_CERTIFICATE_EXPIRED);

  gossl_x509_store_set_time (store, earlier);
  assert_fails (ctx, GOSSL_VERIFY_RESULT_CERT_NOT_YET_VALID, 2, "Test Root",
                "certificate is not yet valid", G_TLS_CERTIFICATE_NOT_ACTIVATED);

  gossl_x509_store_set_time (store, NULL);
  g_assert_null (gossl_x509_store_get_time (store));
  assert_passes (ctx, 3);

  /* NO_CHECK_TIME ignores validity periods (unless a time is set). */
  {
    g_autoptr(GosslX509) expired = gossl_test_make_cert ("expired", c->leaf_key, FALSE, c->mid,
                                                        c->mid_key, -3600);

    gossl_x509_store_context_set_certificate (ctx, expired);
    assert_fails (ctx, GOSSL_VERIFY_RESULT_CERT_HAS_EXPIRED, 0, "expired",
                  "certificate has expired", G_TLS_CERTIFICATE_EXPIRED);
    gossl_x509_store_set_flags (store, GOSSL_VERIFY_FLAGS_NO_CHECK_TIME);
    assert_passes (ctx, 3);
  }
}

/* The context holds its own references to what it was given. */
static void
test_references (Chain *c, gconstpointer data)
{
  GosslX509Store *store = store_of (c->root, NULL);
  GosslX509 *mid = gossl_test_make_cert ("Test Intermediate", c->mid_key, TRUE, c->root,
                                         c->root_key, 86400);
  GosslX509 *leaf = gossl_test_make_cert ("leaf", c->leaf_key, FALSE, mid, c->mid_key, 3600);
  GosslX509 *untrusted[] = { mid };
  g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, leaf, untrusted, 1);
  g_autoptr(GosslX509) failing = NULL;

  g_object_unref (store);
  g_object_unref (mid);
  g_object_unref (leaf);
  assert_passes (ctx, 3);

  /* The failing certificate outlives the verification's context. */
  {
    g_autoptr(GosslX509Store) empty = gossl_x509_store_new ();

    gossl_x509_store_context_set_store (ctx, empty);
  }
  g_assert_false (gossl_x509_store_context_verify_certificate (ctx, NULL));
  failing = g_object_ref (gossl_x509_store_context_get_current_certificate (ctx));
  assert_cn (failing, "Test Intermediate");
}

/* Missing pieces are errors, not crashes. */
static void
test_bad_input (Chain *c, gconstpointer data)
{
  g_autoptr(GosslX509Store) store = store_of (c->root, NULL);
  g_autoptr(GosslX509StoreContext) bare = g_object_new (GOSSL_TYPE_X509_STORE_CONTEXT, NULL);
  GosslX509 *holey[] = { c->mid, NULL };
  g_autoptr(GosslX509StoreContext) with_hole = gossl_x509_store_context_new (store, c->leaf, holey, 2);
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_x509_store_context_verify_certificate (bare, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  gossl_x509_store_context_set_store (bare, store);
  g_assert_false (gossl_x509_store_context_verify_certificate (bare, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_object_set (bare, "certificate", c->root, NULL);
  assert_passes (bare, 1);

  g_assert_false (gossl_x509_store_context_verify_certificate (with_hole, &error));
  g_assert_error (error, GOSSL_CRYPTO_ERROR, GOSSL_CRYPTO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (gossl_x509_store_context_get_error (with_hole), ==, GOSSL_VERIFY_RESULT_OK);

  /* An empty certificate is refused by OpenSSL, with a reason. */
  {
    g_autoptr(GosslX509) empty = gossl_x509_new ();
    g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, empty, NULL, 0);

    g_clear_error (&error);
    g_assert_false (gossl_x509_store_context_verify_certificate (ctx, &error));
    g_assert_nonnull (error);
  }
}

/* Trust from files: a CA file and a directory named by subject hash. */
static void
test_load_locations (Chain *c, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("gossl-store-XXXXXX", NULL);
  g_autofree char *hashed = NULL;
  g_autofree char *cafile = g_build_filename (dir, "root.pem", NULL);
  g_autoptr(GByteArray) root_pem = gossl_x509_to_data (c->root, GOSSL_FILETYPE_PEM, NULL);
  g_autoptr(GByteArray) mid_pem = gossl_x509_to_data (c->mid, GOSSL_FILETYPE_PEM, NULL);
  g_autofree char *name = g_strdup_printf ("%08lx.0",
                                           X509_subject_name_hash (gossl_x509_get_native (c->mid)));
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  hashed = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (cafile, (char *) root_pem->data, root_pem->len, NULL));
  g_assert_true (g_file_set_contents (hashed, (char *) mid_pem->data, mid_pem->len, NULL));

  {
    g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
    g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, c->leaf, NULL, 0);

    g_assert_true (gossl_x509_store_load_locations (store, cafile, NULL, &error));
    g_assert_no_error (error);
    assert_fails (ctx, GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0, "leaf",
                  "unable to get local issuer certificate", G_TLS_CERTIFICATE_UNKNOWN_CA);
    g_assert_true (gossl_x509_store_load_locations (store, NULL, dir, &error));
    g_assert_no_error (error);
    assert_passes (ctx, 3);
  }
  {
    g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
    g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, c->leaf, NULL, 0);

    g_assert_true (gossl_x509_store_load_locations (store, cafile, dir, &error));
    g_assert_no_error (error);
    assert_passes (ctx, 3);
  }
  {
    /* The directory alone has the intermediate but not the root. */
    g_autoptr(GosslX509Store) store = gossl_x509_store_new ();
    g_autoptr(GosslX509StoreContext) ctx = gossl_x509_store_context_new (store, c->leaf, NULL, 0);

    g_assert_true (gossl_x509_store_load_locations (store, NULL, dir, &error));
    assert_fails (ctx, GOSSL_VERIFY_RESULT_UNABLE_TO_GET_ISSUER_CERT, 1, "Test Intermediate",
                  "unable to get issuer certificate", G_TLS_CERTIFICATE_UNKNOWN_CA);
  }

  g_assert_cmpint (g_remove (hashed), ==, 0);
  g_assert_cmpint (g_remove (cafile), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Chain, NULL, chain_set_up, fn, chain_tear_down)
  ADD ("/x509-store-context/valid-chain", test_valid_chain);
  ADD ("/x509-store-context/intermediate-in-store", test_intermediate_in_store);
  ADD ("/x509-store-context/missing-intermediate", test_missing_intermediate);
  ADD ("/x509-store-context/missing-root", test_missing_root);
  ADD ("/x509-store-context/untrusted-root", test_untrusted_root);
  ADD ("/x509-store-context/self-signed", test_self_signed);
  ADD ("/x509-store-context/set-certificate", test_set_certificate);
  ADD ("/x509-store-context/time", test_time);
  ADD ("/x509-store-context/references", test_references);
  ADD ("/x509-store-context/bad-input", test_bad_input);
  ADD ("/x509-store-context/load-locations", test_load_locations);
#undef ADD

  return g_test_run ();
}
