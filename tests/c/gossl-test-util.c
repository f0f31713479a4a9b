#include "gossl-test-util.h"

char *
gossl_test_file_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "files", name, NULL);
}

GBytes *
gossl_test_load_file (const char *name)
{
  g_autofree char *path = gossl_test_file_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

GosslPKey *
gossl_test_rsa_key (void)
{
  static GosslPKey *key;

  if (key == NULL)
    {
      g_autoptr(GError) error = NULL;

      key = gossl_pkey_new ();
      g_assert_true (gossl_pkey_generate_key (key, GOSSL_KEY_TYPE_RSA, 2048, &error));
      g_assert_no_error (error);
    }
  return g_object_ref (key);
}
