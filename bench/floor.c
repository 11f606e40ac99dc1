/*
 * The floor of the benchmark: an SSE server that does nothing but the unavoidable work, so that the figures of
 * sse-hub and Nchan can be read against what the kernel itself costs on this machine.
 *
 *   GET  /sub/<topic>   an SSE stream (HTTP/1.1, chunked), kept open
 *   POST /pub/<topic>   the body becomes one event, written with ONE write() per subscriber of the topic
 *
 * One thread, one epoll set, no history, no keep-alive comments, no limits: each delivery costs one frame
 * built once per event and one write() per connection. A subscriber whose socket buffer is full loses the event
 * (and is counted), which never happens at the rates bench/run.sh uses.
 *
 *   cc -O2 -o floor bench/floor.c && ./floor 3600
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FD 65536
#define HEAD_MAX 8192
#define BODY_MAX 65536
#define TOPIC_MAX 128

enum kind { FREE, READING, STREAM };

struct conn {
  enum kind kind;
  char topic[TOPIC_MAX];
  int slot; /* index in streams[] while a STREAM */
  char in[HEAD_MAX + BODY_MAX];
  size_t used;
};

static struct conn *conns[MAX_FD];
static int streams[MAX_FD]; /* the fds of open streams, dense */
static int stream_count;
static long long next_id;
static long long dropped;
static long long dropped_reported;

static void shut(int epfd, int fd) {
  epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
  close(fd);
  struct conn *c = conns[fd];
  if (c != NULL && c->kind == STREAM) {
    int last = streams[--stream_count];
    streams[c->slot] = last;
    conns[last]->slot = c->slot;
  }
  if (c != NULL) {
    c->kind = FREE;
  }
}

static void send_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n <= 0) {
      return;
    }
    data += n;
    len -= (size_t) n;
  }
}

/* Copies the path's topic after the prefix into out; 0 when the request line is not "<method> <prefix><topic> ". */
static int topic_of(const char *head, const char *method_prefix, char *out) {
  size_t p = strlen(method_prefix);
  if (strncmp(head, method_prefix, p) != 0) {
    return 0;
  }
  const char *end = strpbrk(head + p, " ?");
  if (end == NULL || end == head + p || end - (head + p) >= TOPIC_MAX) {
    return 0;
  }
  memcpy(out, head + p, (size_t) (end - (head + p)));
  out[end - (head + p)] = 0;
  return 1;
}

static long content_length(const char *head) {
  const char *h = strcasestr(head, "\r\ncontent-length:");
  return h == NULL ? 0 : strtol(h + 17, NULL, 10);
}

static void publish(const char *topic, const char *body, size_t len) {
  char frame[BODY_MAX + 128];
  char event[BODY_MAX + 64];
  int ev = snprintf(event, sizeof event, "id: %lld\ndata: %.*s\n\n", ++next_id, (int) len, body);
  int n = snprintf(frame, sizeof frame, "%x\r\n%s\r\n", ev, event);
  for (int i = 0; i < stream_count; i++) {
    int fd = streams[i];
    if (strcmp(conns[fd]->topic, topic) == 0) {
      if (write(fd, frame, (size_t) n) != n) {
        dropped++;
      }
    }
  }
}

/* Handles every complete request in the connection's buffer; returns 0 when the connection is to be closed. */
static int serve(struct conn *c, int fd) {
  for (;;) {
    c->in[c->used] = 0;
    char *end = strstr(c->in, "\r\n\r\n");
    if (end == NULL) {
      return c->used < HEAD_MAX;
    }
    size_t head_len = (size_t) (end - c->in) + 4;
    char topic[TOPIC_MAX];
    if (topic_of(c->in, "GET /sub/", topic)) {
      static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
      send_all(fd, ok, sizeof ok - 1);
      c->kind = STREAM;
      c->slot = stream_count;
      streams[stream_count++] = fd;
      strcpy(c->topic, topic);
      c->used = 0;
      return 1;
    }
    if (topic_of(c->in, "POST /pub/", topic)) {
      long len = content_length(c->in);
      if (len < 0 || len > BODY_MAX) {
        return 0;
      }
      if (c->used < head_len + (size_t) len) {
        return 1;
      }
      publish(topic, c->in + head_len, (size_t) len);
      static const char accepted[] = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";
      send_all(fd, accepted, sizeof accepted - 1);
      memmove(c->in, c->in + head_len + len, c->used - head_len - (size_t) len);
      c->used -= head_len + (size_t) len;
      continue;
    }
    static const char missing[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    send_all(fd, missing, sizeof missing - 1);
    return 0;
  }
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 3600;
  signal(SIGPIPE, SIG_IGN);
  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port), .sin_addr.s_addr = htonl(INADDR_ANY)};
  if (bind(lfd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(lfd, 4096) != 0) {
    perror("floor: bind/listen");
    return 1;
  }
  int epfd = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
  epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
  fprintf(stderr, "floor SSE server on port %d\n", port);
  struct epoll_event events[256];
  for (;;) {
    int n = epoll_wait(epfd, events, 256, -1);
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      if (fd == lfd) {
        int cfd;
        while ((cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          if (cfd >= MAX_FD) {
            close(cfd);
            continue;
          }
          setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          if (conns[cfd] == NULL) {
            conns[cfd] = calloc(1, sizeof(struct conn));
          }
          conns[cfd]->kind = READING;
          conns[cfd]->used = 0;
          struct epoll_event cev = {.events = EPOLLIN, .data.fd = cfd};
          epoll_ctl(epfd, EPOLL_CTL_ADD, cfd, &cev);
        }
        continue;
      }
      struct conn *c = conns[fd];
      char scratch[4096];
      if (c->kind == STREAM) {
        /* A subscriber sends nothing more; a read of 0 is its close. */
        ssize_t r = read(fd, scratch, sizeof scratch);
        if (r == 0 || (r < 0 && errno != EAGAIN)) {
          shut(epfd, fd);
        }
        continue;
      }
      ssize_t r = read(fd, c->in + c->used, sizeof c->in - 1 - c->used);
      if (r <= 0) {
        if (r == 0 || errno != EAGAIN) {
          shut(epfd, fd);
        }
        continue;
      }
      c->used += (size_t) r;
      if (!serve(c, fd)) {
        shut(epfd, fd);
      }
    }
    if (dropped > dropped_reported) {
      dropped_reported = dropped;
      fprintf(stderr, "floor: %lld deliveries dropped on full sockets\n", dropped);
    }
  }
}
