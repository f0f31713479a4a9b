/* test-elliptic-curves.c: gossl_get_elliptic_curves() and
 * gossl_context_set_ecdh_curve() over real handshakes */
#include "tls-helpers.h"

#include <openssl/ec.h>

static void
test_curve_list (void)
{
  g_auto(GStrv) curves = gossl_get_elliptic_curves ();

  g_assert_nonnull (curves);
  g_assert_cmpuint (g_strv_length (curves), ==, EC_get_builtin_curves (NULL, 0));
  g_assert_true (g_strv_contains ((const char * const *) curves, "prime256v1"));
  g_assert_true (g_strv_contains ((const char * const *) curves, "secp384r1"));
  /* Short names, the ones set_ecdh_curve() takes, not "NIST P-256". */
  g_assert_false (g_strv_contains ((const char * const *) curves, "P-256"));
}

static void
test_every_listed_curve_sets_or_is_not_for_tls (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  g_auto(GStrv) curves = gossl_get_elliptic_curves ();
  guint usable = 0;

  for (guint i = 0; curves[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (gossl_context_set_ecdh_curve (ctx, curves[i], &error))
        {
          g_assert_no_error (error);
          usable++;
        }
      else
        g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_SUPPORTED);
    }
  /* The NIST and Brainpool curves at least. */
  g_assert_cmpuint (usable, >=, 3);
}

static void
test_bad_names (void)
{
  g_autoptr(GosslContext) ctx = gossl_context_new (GOSSL_METHOD_TLS, NULL);
  const char *bad[] = { "", "this curve was just invented", "sha256", "RSA", "prime256v1 " };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (gossl_context_set_ecdh_curve (ctx, bad[i], &error));
      g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_INVALID_ARGUMENT);
    }
  /* A curve with no TLS group. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (gossl_context_set_ecdh_curve (ctx, "secp112r1", &error));
    g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_NOT_SUPPORTED);
  }
}

static void
test_bare_context (void)
{
  g_autoptr(GosslContext) ctx = g_object_new (GOSSL_TYPE_CONTEXT, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (gossl_context_set_ecdh_curve (ctx, "prime256v1", &error));
  g_assert_nonnull (error);
}

static void
test_handshake_uses_curve (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GError) error = NULL;
  g_auto(TlsPair) pair = { 0 };

  /* The client offers its default groups (X25519 first); the server
   * takes the one curve it was given. */
  g_assert_true (gossl_context_set_ecdh_curve (sctx, "secp384r1", &error));
  g_assert_no_error (error);
  tls_pair_start (&pair, cctx, sctx);
  tls_pair_handshake (&pair);
  g_assert_cmpint (SSL_get_negotiated_group (gossl_connection_get_native (pair.client)), ==,
                   NID_secp384r1);
}

static void
test_handshake_fails_without_common_curve (void)
{
  g_autoptr(GosslContext) sctx = tls_server_context (GOSSL_METHOD_TLS);
  g_autoptr(GosslContext) cctx = tls_client_context (GOSSL_METHOD_TLS);
  g_autoptr(GError) error = NULL;
  g_auto(TlsPair) pair = { 0 };

  g_assert_true (gossl_context_set_ecdh_curve (sctx, "secp384r1", &error));
  g_assert_true (gossl_context_set_ecdh_curve (cctx, "prime256v1", &error));
  g_assert_no_error (error);
  tls_pair_start (&pair, cctx, sctx);
  g_assert_false (gossl_connection_do_handshake (pair.client, &error));
  g_assert_error (error, GOSSL_SSL_ERROR, GOSSL_SSL_ERROR_HANDSHAKE);
  tls_server_join (&pair.server);
  g_assert_false (pair.server.handshake_ok);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/elliptic-curves/list", test_curve_list);
  g_test_add_func ("/elliptic-curves/every-listed-curve",
                   test_every_listed_curve_sets_or_is_not_for_tls);
  g_test_add_func ("/elliptic-curves/bad-names", test_bad_names);
  g_test_add_func ("/elliptic-curves/bare-context", test_bare_context);
  tls_test_add ("/elliptic-curves/handshake-uses-curve", test_handshake_uses_curve);
  tls_test_add ("/elliptic-curves/no-common-curve", test_handshake_fails_without_common_curve);
  return g_test_run ();
}
