/* scale-load.c: the load generator of the scale benchmark (plain OpenSSL,
 * epoll, one thread, 127.0.0.1 only)
 *
 *   scale-load --port P --connections N [--window W] [--echo-seconds S]
 *              [--timeout S] [--burst]
 *
 * Opens N TLS 1.3 connections to 127.0.0.1:P, at most W (default 128)
 * under way at a time, so that they arrive as fast as the server takes
 * them; with --burst all N connect at once. A connection is up once its
 * handshake is done and a first 64-byte message has come back: then the
 * server has finished its side too. Prints one JSON line
 *
 *   {"phase": "up", "connections": N, "up": U, "seconds": T,
 *    "handshakes_per_s": U/T, "errors": E, "complete": true|false}
 *
 * (complete is false when --timeout S seconds passed first), then waits for
 * a line on stdin: "echo" runs the echo phase, anything else (or EOF)
 * closes every connection and exits. In the echo phase every connection
 * sends a 64-byte message, waits for it to come back and sends the next,
 * all N at once, for S seconds (default 3); then
 *
 *   {"phase": "echo", "round_trips": R, "seconds": S,
 *    "round_trips_per_s": R/S, "p50_ms": ..., "p99_ms": ..., "errors": E}
 *
 * and again a line on stdin before exiting. The client verifies nothing
 * and resumes no session: every connection is a full handshake.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MESSAGE 64

typedef enum {
  ST_CONNECTING,
  ST_HANDSHAKE,
  ST_FIRST_ECHO,
  ST_IDLE,
  ST_ECHO,
  ST_CLOSED,
} State;

typedef struct {
  int           fd;
  SSL          *ssl;
  State         state;
  uint32_t      events;   /* what epoll watches now */
  size_t        sent;     /* of the message being written */
  size_t        received; /* of the message coming back */
  double        started;  /* when the message was sent */
  unsigned char buf[MESSAGE];
} Conn;

static int epfd;
static SSL_CTX *ctx;
static struct sockaddr_in server;
static Conn *conns;
static long n_conns, n_started, n_up, n_errors;
static int echo_running;
static double echo_end;
static long n_round_trips;
static uint32_t *latencies; /* µs, of the round trips that ended in time */
static size_t n_latencies, latencies_size;
static unsigned char message[MESSAGE];

static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die (const char *what)
{
  fprintf (stderr, "scale-load: %s: %s\n", what, strerror (errno));
  exit (1);
}

static void
watch (Conn *c, uint32_t events)
{
  struct epoll_event ev = { .events = events, .data.ptr = c };

  if (c->events == events)
    return;
  if (epoll_ctl (epfd, c->events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c->fd, &ev) < 0)
    die ("epoll_ctl");
  c->events = events;
}

static void
conn_close (Conn *c)
{
  if (c->state == ST_CLOSED)
    return;
  if (c->ssl)
    SSL_free (c->ssl);
  c->ssl = NULL;
  close (c->fd); /* leaves the epoll set with it */
  c->state = ST_CLOSED;
}

static void
conn_failed (Conn *c)
{
  n_errors++;
  ERR_clear_error ();
  conn_close (c);
}

static void
conn_start (Conn *c)
{
  int one = 1;

  memset (c, 0, sizeof *c);
  c->fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0)
    die ("socket");
  setsockopt (c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  c->state = ST_CONNECTING;
  n_started++;
  if (connect (c->fd, (struct sockaddr *) &server, sizeof server) < 0 && errno != EINPROGRESS)
    {
      conn_failed (c);
      return;
    }
  watch (c, EPOLLOUT);
}

/* Waits as OpenSSL asks after a call that returned ret. */
static void
want (Conn *c, int ret)
{
  switch (SSL_get_error (c->ssl, ret))
    {
    case SSL_ERROR_WANT_READ:
      watch (c, EPOLLIN);
      break;
    case SSL_ERROR_WANT_WRITE:
      watch (c, EPOLLIN | EPOLLOUT);
      break;
    default:
      conn_failed (c);
    }
}

static void
send_message (Conn *c)
{
  while (c->sent < MESSAGE)
    {
      size_t n = 0;
      int ret = SSL_write_ex (c->ssl, message + c->sent, MESSAGE - c->sent, &n);

      if (ret <= 0)
        {
          want (c, ret);
          return;
        }
      c->sent += n;
    }
  watch (c, EPOLLIN);
}

static void
begin_message (Conn *c)
{
  c->sent = 0;
  c->received = 0;
  c->started = now ();
  send_message (c);
}

static void
record (double latency)
{
  if (n_latencies == latencies_size)
    {
      latencies_size = latencies_size ? 2 * latencies_size : 65536;
      latencies = realloc (latencies, latencies_size * sizeof *latencies);
      if (latencies == NULL)
        die ("realloc");
    }
  latencies[n_latencies++] = (uint32_t) (latency * 1e6);
}

/* A whole message came back. */
static void
message_done (Conn *c)
{
  double t = now ();

  if (c->state == ST_FIRST_ECHO)
    {
      c->state = ST_IDLE;
      n_up++;
      return;
    }
  if (c->state != ST_ECHO)
    return;
  if (t <= echo_end)
    {
      n_round_trips++;
      record (t - c->started);
    }
  if (echo_running && t < echo_end)
    begin_message (c);
  else
    c->state = ST_IDLE;
}

static void
read_some (Conn *c)
{
  for (;;)
    {
      size_t n = 0;
      int ret = SSL_read_ex (c->ssl, c->buf + c->received, MESSAGE - c->received, &n);

      if (ret <= 0)
        {
          if (c->state == ST_IDLE && SSL_get_error (c->ssl, ret) == SSL_ERROR_WANT_READ)
            return; /* session tickets, nothing else */
          want (c, ret);
          return;
        }
      if (c->state != ST_FIRST_ECHO && c->state != ST_ECHO)
        continue; /* unasked-for data: not an echo server */
      c->received += n;
      if (c->received == MESSAGE)
        {
          if (memcmp (c->buf, message, MESSAGE) != 0)
            {
              fprintf (stderr, "scale-load: wrong echo\n");
              exit (1);
            }
          message_done (c);
          if (c->state == ST_IDLE)
            {
              watch (c, EPOLLIN);
              return;
            }
        }
    }
}

static void
handle (Conn *c, uint32_t events)
{
  int ret;

  switch (c->state)
    {
    case ST_CONNECTING:
      {
        int err = 0;
        socklen_t len = sizeof err;

        if (getsockopt (c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0)
          {
            conn_failed (c);
            return;
          }
        c->ssl = SSL_new (ctx);
        if (c->ssl == NULL || !SSL_set_fd (c->ssl, c->fd))
          die ("SSL_new");
        SSL_set_connect_state (c->ssl);
        c->state = ST_HANDSHAKE;
      }
      /* fall through */
    case ST_HANDSHAKE:
      ret = SSL_do_handshake (c->ssl);
      if (ret != 1)
        {
          want (c, ret);
          return;
        }
      c->state = ST_FIRST_ECHO;
      begin_message (c);
      if (c->state != ST_CLOSED && c->sent == MESSAGE)
        read_some (c);
      return;
    case ST_FIRST_ECHO:
    case ST_ECHO:
      if (c->sent < MESSAGE)
        send_message (c);
      if (c->state != ST_CLOSED && c->sent == MESSAGE)
        read_some (c);
      return;
    case ST_IDLE:
      if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
        read_some (c);
      return;
    case ST_CLOSED:
      return;
    }
}

/* Runs the loop until done() is true or the deadline passes. */
static int
run_until (int (*done) (void), double deadline, long window)
{
  struct epoll_event events[512];

  while (!done ())
    {
      double left = deadline - now ();
      int n, i;

      if (left <= 0)
        return 0;
      /* Keep *window* connections on their way up. */
      while (window > 0 && n_started < n_conns && n_started - n_up - n_errors < window)
        conn_start (&conns[n_started]);
      n = epoll_wait (epfd, events, 512, left > 0.1 ? 100 : (int) (left * 1000) + 1);
      if (n < 0 && errno != EINTR)
        die ("epoll_wait");
      for (i = 0; i < n; i++)
        handle (events[i].data.ptr, events[i].events);
    }
  return 1;
}

static int
all_up (void)
{
  /* A connection that failed is started again (once per failure, at most N in all). */
  if (n_up + n_errors >= n_started && n_started == n_conns && n_up < n_conns && n_errors <= n_conns)
    {
      long i;

      for (i = 0; i < n_conns; i++)
        if (conns[i].state == ST_CLOSED)
          {
            conn_start (&conns[i]);
            break;
          }
    }
  return n_up == n_conns || n_errors > n_conns;
}

static long n_echo_active;

static int
echo_drained (void)
{
  long i;

  if (echo_running)
    return 0;
  if (n_echo_active == 0)
    return 1;
  n_echo_active = 0;
  for (i = 0; i < n_conns; i++)
    if (conns[i].state == ST_ECHO)
      n_echo_active++;
  return n_echo_active == 0;
}

static int
echo_time_up (void)
{
  return now () >= echo_end;
}

static int
compare_u32 (const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (double p)
{
  size_t i;

  if (n_latencies == 0)
    return 0;
  i = (size_t) (p * (n_latencies - 1) + 0.5);
  return latencies[i] / 1000.0;
}

static int
wait_line (const char *expected)
{
  char line[64];

  if (fgets (line, sizeof line, stdin) == NULL)
    return 0;
  return strncmp (line, expected, strlen (expected)) == 0;
}

int
main (int argc, char **argv)
{
  long port = 0, window = 128, i;
  double echo_seconds = 3, timeout = 600, t0, elapsed;
  int burst = 0, complete;
  struct rlimit rl;

  for (i = 1; i < argc; i++)
    {
      const char *a = argv[i];

      if (strcmp (a, "--burst") == 0)
        burst = 1;
      else if (i + 1 < argc && strcmp (a, "--port") == 0)
        port = atol (argv[++i]);
      else if (i + 1 < argc && strcmp (a, "--connections") == 0)
        n_conns = atol (argv[++i]);
      else if (i + 1 < argc && strcmp (a, "--window") == 0)
        window = atol (argv[++i]);
      else if (i + 1 < argc && strcmp (a, "--echo-seconds") == 0)
        echo_seconds = atof (argv[++i]);
      else if (i + 1 < argc && strcmp (a, "--timeout") == 0)
        timeout = atof (argv[++i]);
      else
        {
          fprintf (stderr, "usage: scale-load --port P --connections N [--window W] "
                   "[--echo-seconds S] [--timeout S] [--burst]\n");
          return 2;
        }
    }
  if (port <= 0 || n_conns <= 0 || window <= 0)
    {
      fprintf (stderr, "scale-load: --port and --connections are needed\n");
      return 2;
    }
  if (burst)
    window = n_conns;

  /* Every connection is a descriptor: take what the hard limit allows. */
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
      rl.rlim_cur = rl.rlim_max;
      setrlimit (RLIMIT_NOFILE, &rl);
    }
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && (rlim_t) n_conns + 16 > rl.rlim_cur)
    {
      fprintf (stderr, "scale-load: %ld connections need more descriptors than the limit (%lu)\n",
               n_conns, (unsigned long) rl.rlim_cur);
      return 3;
    }

  ctx = SSL_CTX_new (TLS_client_method ());
  if (ctx == NULL ||
      !SSL_CTX_set_min_proto_version (ctx, TLS1_3_VERSION) ||
      !SSL_CTX_set_max_proto_version (ctx, TLS1_3_VERSION))
    die ("SSL_CTX_new");
  SSL_CTX_set_verify (ctx, SSL_VERIFY_NONE, NULL);
  SSL_CTX_set_session_cache_mode (ctx, SSL_SESS_CACHE_OFF);
  /* The load generator's own memory is not measured; 10,000 clients
   * should not need 350 MB of idle buffers either. */
  SSL_CTX_set_mode (ctx, SSL_MODE_RELEASE_BUFFERS);
  memset (message, 'x', MESSAGE);

  server.sin_family = AF_INET;
  server.sin_port = htons ((uint16_t) port);
  server.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  conns = calloc (n_conns, sizeof *conns);
  epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (conns == NULL || epfd < 0)
    die ("setup");

  t0 = now ();
  complete = run_until (all_up, t0 + timeout, window);
  elapsed = now () - t0;
  printf ("{\"phase\": \"%s\", \"connections\": %ld, \"up\": %ld, \"seconds\": %.4f, "
          "\"handshakes_per_s\": %.2f, \"errors\": %ld, \"complete\": %s}\n",
          burst ? "burst" : "up", n_conns, n_up, elapsed, n_up / elapsed, n_errors,
          complete && n_up == n_conns ? "true" : "false");
  fflush (stdout);

  if (complete && n_up == n_conns && wait_line ("echo"))
    {
      long errors_before = n_errors;

      /* Everyone at once: each connection sends its first message now. */
      echo_running = 1;
      echo_end = now () + echo_seconds;
      for (i = 0; i < n_conns; i++)
        if (conns[i].state == ST_IDLE)
          {
            conns[i].state = ST_ECHO;
            begin_message (&conns[i]);
          }
      run_until (echo_time_up, echo_end, 0);
      echo_running = 0;
      n_echo_active = 1;
      /* Let the last messages come back (not counted) before closing. */
      run_until (echo_drained, now () + 10, 0);
      qsort (latencies, n_latencies, sizeof *latencies, compare_u32);
      printf ("{\"phase\": \"echo\", \"round_trips\": %ld, \"seconds\": %.3f, "
              "\"round_trips_per_s\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, "
              "\"errors\": %ld}\n",
              n_round_trips, echo_seconds, n_round_trips / echo_seconds,
              percentile_ms (0.50), percentile_ms (0.99), n_errors - errors_before);
      fflush (stdout);
      wait_line ("");
    }
  /* Exiting closes every socket. */
  return 0;
}
