/* bench-tls.c: one measurement of one TLS workload, printed as a JSON line
 *
 *   bench-tls-{gossl,openssl} TEST [--bytes N] [--count N] [--files DIR] [--cpus C,S]
 *
 * TEST is one of
 *   bulk13    N bytes (default 256 MiB) each way in 16 KiB writes, TLS 1.3
 *             with OpenSSL's default suite (TLS_AES_256_GCM_SHA384); MiB/s
 *             counts both directions
 *   bulk12    the same over TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256
 *   rtt       N (default 20000) round trips of a 64-byte message; per second
 *   hs-rsa    N (default 500) full handshakes, RSA-2048 server certificate,
 *             verified by the client; per second
 *   hs-ecdsa  the same with the ECDSA P-256 certificate
 *   mem       N (default 10000) handshakes with client and server as two
 *             threads of this one process; VmRSS sampled every N/10
 *
 * Client and server talk over loopback TCP (TCP_NODELAY, blocking sockets).
 * In the timed tests the server is a child process and the parent, the
 * client, does the timing, so each side has a core of its own on a 2-core
 * machine. --cpus C,S pins the client to CPU C and the server to CPU S (the
 * same number puts both on one CPU). Every connection runs a full
 * handshake: no session is resumed.
 *
 * One process makes one measurement: benchmarks/run.py runs the programs
 * several times, alternating the contenders, and takes medians.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include "bench-impl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 16384
#define MESSAGE 64
#define RTT_WARMUP 500
#define HS_WARMUP 20

typedef struct {
  const char *test;
  BenchProto  proto;
  const char *cert;   /* server's */
  const char *key;
  const char *ca;     /* client's trust anchor */
  long long   bytes;  /* bulk: each way */
  long        count;  /* rtt, hs, mem */
  long        warmup; /* untimed iterations before count */
  int         listener;
  struct sockaddr_in address;
  int         client_cpu;  /* -1: let the scheduler choose */
  int         server_cpu;
  int         report[2];   /* pipe: the server's CPU seconds to the client */
} Bench;

void
bench_die (const char *format, ...)
{
  va_list args;

  fputs ("bench: ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  exit (2);
}

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) this process has used. */
static double
cpu_now (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6 +
         (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
}

static void
set_nodelay (int fd)
{
  int one = 1;

  if (setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
    bench_die ("TCP_NODELAY: %s", strerror (errno));
}

static void
make_listener (Bench *b)
{
  socklen_t len = sizeof b->address;
  int one = 1;

  b->listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (b->listener < 0)
    bench_die ("socket: %s", strerror (errno));
  setsockopt (b->listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  memset (&b->address, 0, sizeof b->address);
  b->address.sin_family = AF_INET;
  b->address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (b->listener, (struct sockaddr *) &b->address, sizeof b->address) != 0 ||
      listen (b->listener, 128) != 0 ||
      getsockname (b->listener, (struct sockaddr *) &b->address, &len) != 0)
    bench_die ("listen: %s", strerror (errno));
}

static int
accept_one (Bench *b)
{
  int fd = accept4 (b->listener, NULL, NULL, SOCK_CLOEXEC);

  if (fd < 0)
    bench_die ("accept: %s", strerror (errno));
  set_nodelay (fd);
  return fd;
}

static int
connect_one (Bench *b)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0 || connect (fd, (struct sockaddr *) &b->address, sizeof b->address) != 0)
    bench_die ("connect: %s", strerror (errno));
  set_nodelay (fd);
  return fd;
}

static void
read_exactly (BenchConn *conn, long long len)
{
  const unsigned char *data;

  while (len > 0)
    {
      size_t n = impl_read (conn, &data, len < CHUNK ? (size_t) len : CHUNK);

      if (n == 0)
        bench_die ("the peer closed the connection early");
      len -= (long long) n;
    }
}

static void
write_bulk (BenchConn *conn, const unsigned char *chunk, long long len)
{
  while (len > 0)
    {
      size_t n = len < CHUNK ? (size_t) len : CHUNK;

      impl_write_all (conn, chunk, n);
      len -= (long long) n;
    }
}

static void
pin_to (int cpu)
{
  cpu_set_t set;

  if (cpu < 0)
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  if (sched_setaffinity (0, sizeof set, &set) != 0)
    bench_die ("sched_setaffinity %d: %s", cpu, strerror (errno));
}

/* --- The server side -------------------------------------------------- */

static void
serve (Bench *b)
{
  BenchCtx *ctx = impl_server_ctx (b->proto, b->cert, b->key);
  static unsigned char chunk[CHUNK];
  double cpu0 = 0;

  if (strncmp (b->test, "bulk", 4) == 0)
    {
      int fd = accept_one (b);
      BenchConn *conn = impl_conn_new (ctx, fd, 1);

      impl_handshake (conn);
      cpu0 = cpu_now ();
      read_exactly (conn, b->bytes);
      write_bulk (conn, chunk, b->bytes);
      impl_conn_free (conn);
      close (fd);
    }
  else if (strcmp (b->test, "rtt") == 0)
    {
      int fd = accept_one (b);
      BenchConn *conn = impl_conn_new (ctx, fd, 1);
      long long left = (long long) (b->count + b->warmup) * MESSAGE;

      impl_handshake (conn);
      /* Echo what comes, whatever the record boundaries. */
      while (left > 0)
        {
          const unsigned char *data;
          size_t n;

          if (left == (long long) b->count * MESSAGE)
            cpu0 = cpu_now ();
          n = impl_read (conn, &data, CHUNK);

          if (n == 0)
            bench_die ("the client closed the connection early");
          impl_write_all (conn, data, n);
          left -= (long long) n;
        }
      impl_conn_free (conn);
      close (fd);
    }
  else /* hs-*, mem */
    {
      for (long i = 0; i < b->count + b->warmup; i++)
        {
          int fd;
          BenchConn *conn;
          const unsigned char *data;

          if (i == b->warmup)
            cpu0 = cpu_now ();
          fd = accept_one (b);
          conn = impl_conn_new (ctx, fd, 1);
          impl_handshake (conn);
          if (impl_read (conn, &data, 1) != 1)
            bench_die ("no request after the handshake");
          impl_write_all (conn, "r", 1);
          impl_conn_free (conn);
          close (fd);
        }
    }
  if (b->report[1] >= 0)
    {
      double cpu = cpu_now () - cpu0;

      if (write (b->report[1], &cpu, sizeof cpu) != sizeof cpu)
        bench_die ("cannot report the server's CPU time");
    }
  impl_ctx_free (ctx);
}

static void *
serve_thread (void *data)
{
  serve (data);
  return NULL;
}

/* --- The client side -------------------------------------------------- */

/* The client's CPU seconds over the timed phase, set by the tests. */
static double client_cpu_seconds;

/* @amount of work done in @seconds (wall clock) by the client, which used
 * client_cpu_seconds of CPU meanwhile; "value" is the rate, except for the
 * memory test, where it is the growth itself. The server's CPU seconds come
 * later, through the pipe: main() prints the line. */
static char result_line[2048];

static void
print_result (Bench *b, double amount, const char *unit, double seconds,
              BenchConn *conn, const char *extra)
{
  snprintf (result_line, sizeof result_line,
            "{\"impl\": \"%s\", \"test\": \"%s\", \"value\": %.3f, \"unit\": \"%s\", "
            "\"seconds\": %.4f, \"amount\": %.1f, \"client_cpu\": %.4f, "
            "\"cipher\": \"%s\", \"version\": \"%s\"%s",
            impl_name (), b->test, strcmp (b->test, "mem") == 0 ? amount : amount / seconds,
            unit, seconds, amount, client_cpu_seconds,
            conn != NULL ? impl_cipher (conn) : "", conn != NULL ? impl_version (conn) : "",
            extra != NULL ? extra : "");
}

static void
client_bulk (Bench *b)
{
  BenchCtx *ctx = impl_client_ctx (b->proto, b->ca);
  int fd = connect_one (b);
  BenchConn *conn = impl_conn_new (ctx, fd, 0);
  static unsigned char chunk[CHUNK];
  double t0, t1;

  memset (chunk, 'x', sizeof chunk);
  impl_handshake (conn);
  client_cpu_seconds = cpu_now ();
  t0 = now ();
  write_bulk (conn, chunk, b->bytes);
  read_exactly (conn, b->bytes);
  t1 = now ();
  client_cpu_seconds = cpu_now () - client_cpu_seconds;
  print_result (b, 2.0 * (double) b->bytes / (1024.0 * 1024.0), "MiB/s", t1 - t0, conn, NULL);
  impl_conn_free (conn);
  close (fd);
  impl_ctx_free (ctx);
}

static void
client_rtt (Bench *b)
{
  BenchCtx *ctx = impl_client_ctx (b->proto, b->ca);
  int fd = connect_one (b);
  BenchConn *conn = impl_conn_new (ctx, fd, 0);
  unsigned char message[MESSAGE];
  double t0 = 0, t1;

  memset (message, 'p', sizeof message);
  impl_handshake (conn);
  for (long i = 0; i < b->count + b->warmup; i++)
    {
      if (i == b->warmup)
        {
          client_cpu_seconds = cpu_now ();
          t0 = now ();
        }
      impl_write_all (conn, message, sizeof message);
      read_exactly (conn, sizeof message);
    }
  t1 = now ();
  client_cpu_seconds = cpu_now () - client_cpu_seconds;
  print_result (b, (double) b->count, "round trips/s", t1 - t0, conn, NULL);
  impl_conn_free (conn);
  close (fd);
  impl_ctx_free (ctx);
}

/* One connection of the handshake tests: connect, full handshake, a 1-byte
 * request and its 1-byte answer (so the server's side of the handshake is
 * finished within the timing), close. */
static void
client_handshake_once (Bench *b, BenchCtx *ctx, char *cipher, size_t cipher_len)
{
  int fd = connect_one (b);
  BenchConn *conn = impl_conn_new (ctx, fd, 0);
  const unsigned char *data;

  impl_handshake (conn);
  impl_write_all (conn, "q", 1);
  if (impl_read (conn, &data, 1) != 1)
    bench_die ("no answer after the handshake");
  if (cipher != NULL)
    snprintf (cipher, cipher_len, "%s %s", impl_cipher (conn), impl_version (conn));
  impl_conn_free (conn);
  close (fd);
}

static void
client_handshakes (Bench *b)
{
  BenchCtx *ctx = impl_client_ctx (b->proto, b->ca);
  char cipher[128] = "";
  double t0 = 0, t1;

  for (long i = 0; i < b->count + b->warmup; i++)
    {
      if (i == b->warmup)
        {
          client_cpu_seconds = cpu_now ();
          t0 = now ();
        }
      client_handshake_once (b, ctx, i == 0 ? cipher : NULL, sizeof cipher);
    }
  t1 = now ();
  client_cpu_seconds = cpu_now () - client_cpu_seconds;
  {
    char extra[200];
    char *space = strchr (cipher, ' ');

    if (space != NULL)
      *space = '\0';
    snprintf (extra, sizeof extra, ", \"negotiated\": \"%s %s\"", cipher,
              space != NULL ? space + 1 : "");
    print_result (b, (double) b->count, "handshakes/s", t1 - t0, NULL, extra);
  }
  impl_ctx_free (ctx);
}

/* VmRSS or VmHWM of this process, in KiB. */
static long
proc_status_kib (const char *field)
{
  FILE *f = fopen ("/proc/self/status", "r");
  char line[256];
  size_t flen = strlen (field);
  long value = -1;

  if (f == NULL)
    bench_die ("/proc/self/status: %s", strerror (errno));
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, field, flen) == 0 && line[flen] == ':')
      {
        value = strtol (line + flen + 1, NULL, 10);
        break;
      }
  fclose (f);
  return value;
}

static void
client_mem (Bench *b)
{
  BenchCtx *ctx = impl_client_ctx (b->proto, b->ca);
  long step = b->count / 10 > 0 ? b->count / 10 : 1;
  long samples[11];
  int n_samples = 0;
  char extra[1024];
  size_t used;
  double t0 = now ();

  /* The first tenth warms up the allocator and OpenSSL's caches: growth is
   * counted from there. */
  for (long i = 0; i < b->count; i++)
    {
      client_handshake_once (b, ctx, NULL, 0);
      if ((i + 1) % step == 0 && n_samples < 11)
        samples[n_samples++] = proc_status_kib ("VmRSS");
    }
  used = (size_t) snprintf (extra, sizeof extra, ", \"rss_kib\": [");
  for (int i = 0; i < n_samples; i++)
    used += (size_t) snprintf (extra + used, sizeof extra - used, "%s%ld", i ? ", " : "", samples[i]);
  snprintf (extra + used, sizeof extra - used,
            "], \"peak_kib\": %ld, \"growth_kib\": %ld, \"handshakes\": %ld",
            proc_status_kib ("VmHWM"), samples[n_samples - 1] - samples[0], b->count);
  print_result (b, (double) (samples[n_samples - 1] - samples[0]), "KiB growth",
                now () - t0, NULL, extra);
  impl_ctx_free (ctx);
}

static void
run_client (Bench *b)
{
  if (strncmp (b->test, "bulk", 4) == 0)
    client_bulk (b);
  else if (strcmp (b->test, "rtt") == 0)
    client_rtt (b);
  else if (strcmp (b->test, "mem") == 0)
    client_mem (b);
  else
    client_handshakes (b);
}

int
main (int argc, char **argv)
{
  Bench b = { 0 };
  const char *files = "tests/files";
  char cert[4096], key[4096], ca[4096];

  if (argc < 2)
    bench_die ("usage: %s bulk13|bulk12|rtt|hs-rsa|hs-ecdsa|mem [--bytes N] [--count N] [--files DIR]",
               argv[0]);
  b.test = argv[1];
  b.proto = strcmp (b.test, "bulk12") == 0 ? BENCH_TLS12 : BENCH_TLS13;
  b.bytes = 256LL * 1024 * 1024;
  b.client_cpu = b.server_cpu = -1;
  b.count = strcmp (b.test, "rtt") == 0 ? 20000 : strcmp (b.test, "mem") == 0 ? 10000 : 500;
  for (int i = 2; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--bytes") == 0)
        b.bytes = atoll (argv[i + 1]);
      else if (strcmp (argv[i], "--count") == 0)
        b.count = atol (argv[i + 1]);
      else if (strcmp (argv[i], "--files") == 0)
        files = argv[i + 1];
      else if (strcmp (argv[i], "--cpus") == 0)
        {
          if (sscanf (argv[i + 1], "%d,%d", &b.client_cpu, &b.server_cpu) != 2)
            bench_die ("--cpus takes CLIENT,SERVER cpu numbers");
        }
      else
        bench_die ("unknown option %s", argv[i]);
    }
  if (strcmp (b.test, "bulk13") && strcmp (b.test, "bulk12") && strcmp (b.test, "rtt") &&
      strcmp (b.test, "hs-rsa") && strcmp (b.test, "hs-ecdsa") && strcmp (b.test, "mem"))
    bench_die ("unknown test %s", b.test);
  if (b.bytes <= 0 || b.count <= 0)
    bench_die ("--bytes and --count must be positive");
  b.warmup = strcmp (b.test, "rtt") == 0 ? RTT_WARMUP
             : strncmp (b.test, "hs-", 3) == 0 ? HS_WARMUP : 0;

  snprintf (cert, sizeof cert, "%s/%s", files,
            strcmp (b.test, "hs-ecdsa") == 0 ? "ecdsa.pem" : "server.pem");
  snprintf (key, sizeof key, "%s/%s", files,
            strcmp (b.test, "hs-ecdsa") == 0 ? "ecdsa.key" : "server.key");
  snprintf (ca, sizeof ca, "%s/ca.pem", files);
  b.cert = cert;
  b.key = key;
  b.ca = ca;

  make_listener (&b);
  b.report[0] = b.report[1] = -1;
  fflush (stdout);

  if (strcmp (b.test, "mem") == 0)
    {
      pthread_t server;

      if (pthread_create (&server, NULL, serve_thread, &b) != 0)
        bench_die ("pthread_create failed");
      run_client (&b);
      pthread_join (server, NULL);
      printf ("%s}\n", result_line);
    }
  else
    {
      int status;
      double server_cpu = 0;
      pid_t pid;

      if (pipe (b.report) != 0)
        bench_die ("pipe: %s", strerror (errno));
      pid = fork ();

      if (pid < 0)
        bench_die ("fork: %s", strerror (errno));
      if (pid == 0)
        {
          close (b.report[0]);
          pin_to (b.server_cpu);
          serve (&b);
          _exit (0);
        }
      close (b.report[1]);
      b.report[1] = -1;
      close (b.listener);
      pin_to (b.client_cpu);
      run_client (&b);
      if (waitpid (pid, &status, 0) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        bench_die ("the server process failed");
      if (read (b.report[0], &server_cpu, sizeof server_cpu) != sizeof server_cpu)
        bench_die ("the server did not report its CPU time");
      printf ("%s, \"server_cpu\": %.4f}\n", result_line, server_cpu);
    }
  return 0;
}
