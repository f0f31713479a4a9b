/* fuzz-replay.c: a main() for the fuzz targets without libFuzzer
 *
 * In builds without -Dfuzzing=true (gcc, the sanitizer build), each fuzz
 * target is linked with this file instead of libFuzzer and run by meson
 * test over its seed corpus and its regression inputs: every input that
 * once crashed gossl keeps being checked by the regular suite.
 *
 *   replay-<target> DIR_OR_FILE...
 *
 * Prints TAP, one case per argument.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  return 1;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static guint
replay (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint count = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path);
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    g_error ("cannot open %s", path);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* The same order every run. */
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    count += replay_file (names->pdata[i]);
  return count;
}

int
main (int argc, char **argv)
{
  LLVMFuzzerInitialize (&argc, &argv);
  printf ("1..%d\n", argc - 1);
  for (int i = 1; i < argc; i++)
    {
      guint n = replay (argv[i]);

      /* A crash aborts before this line, and TAP reports the case missing. */
      printf ("ok %d - %s (%u inputs)\n", i, argv[i], n);
      fflush (stdout);
    }
  return 0;
}
