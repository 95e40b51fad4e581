// Typed wrappers for libcurl's variadic functions, which Swift cannot call.
#ifndef REPORTWATCH_CCURL_SHIM_H
#define REPORTWATCH_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode rw_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rw_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rw_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rw_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rw_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode rw_easy_setopt_write_callback(CURL *h, CURLoption o,
    size_t (*cb)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, o, cb); }
static inline CURLcode rw_easy_setopt_xferinfo_callback(CURL *h,
    int (*cb)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
}
static inline CURLcode rw_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode rw_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode rw_easy_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode rw_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLMcode rw_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline CURLcode rw_easy_setopt_private(CURL *h, void *v) { return curl_easy_setopt(h, CURLOPT_PRIVATE, v); }
static inline CURLcode rw_easy_getinfo_private(CURL *h, void **v) { return curl_easy_getinfo(h, CURLINFO_PRIVATE, v); }
static inline CURLcode rw_easy_setopt_header_callback(CURL *h,
    size_t (*cb)(char *, size_t, size_t, void *)) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, cb); }
/* The CURLMsg union is awkward from Swift: returns 1 and fills the handle and result for a finished transfer. */
static inline int rw_multi_info_done(CURLMsg *m, CURL **easy, CURLcode *result) {
    if (m == NULL || m->msg != CURLMSG_DONE) return 0;
    *easy = m->easy_handle;
    *result = m->data.result;
    return 1;
}

/* Event-driven multi interface: libcurl names the sockets to watch and a timeout; the caller waits with epoll. */
static inline CURLMcode rw_multi_setopt_socket_callback(CURLM *m,
    int (*cb)(CURL *, curl_socket_t, int, void *, void *), void *data) {
    CURLMcode code = curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, cb);
    return code != CURLM_OK ? code : curl_multi_setopt(m, CURLMOPT_SOCKETDATA, data);
}
static inline CURLMcode rw_multi_setopt_timer_callback(CURLM *m, int (*cb)(CURLM *, long, void *), void *data) {
    CURLMcode code = curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, cb);
    return code != CURLM_OK ? code : curl_multi_setopt(m, CURLMOPT_TIMERDATA, data);
}

/* epoll and eventfd, which Swift's Glibc module does not export. */
#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
static inline int rw_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }
static inline int rw_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
/* Watches fd for reading (1), writing (2), both (3), or stops watching it (0); `watched` says whether it is in the
   set already (if wrong, the other operation is tried). */
static inline int rw_epoll_watch(int ep, int fd, int what, int watched) {
    if (what == 0) return epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    struct epoll_event event = { 0 };
    event.events = ((what & 1) ? EPOLLIN : 0) | ((what & 2) ? EPOLLOUT : 0);
    event.data.fd = fd;
    if (epoll_ctl(ep, watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) == 0) return 0;
    if (watched ? errno != ENOENT : errno != EEXIST) return -1;
    return epoll_ctl(ep, watched ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event);
}
/* Waits; fills fds and, per fd, 1 readable, 2 writable, 4 error (or-ed). Returns the count, or -1. */
static inline int rw_epoll_wait(int ep, int *fds, int *what, int max, int timeout_ms) {
    struct epoll_event events[128];
    if (max > 128) max = 128;
    int count = epoll_wait(ep, events, max, timeout_ms);
    for (int i = 0; i < count; i++) {
        fds[i] = events[i].data.fd;
        what[i] = ((events[i].events & EPOLLIN) ? 1 : 0) | ((events[i].events & EPOLLOUT) ? 2 : 0)
            | ((events[i].events & (EPOLLERR | EPOLLHUP)) ? 4 : 0);
    }
    return count;
}

#endif
