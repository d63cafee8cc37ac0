/* Linux calls that Swift's Glibc module does not carry: epoll and eventfd. */
#include <sys/epoll.h>
#include <sys/eventfd.h>

/* accept4 is declared by <sys/socket.h> only under _GNU_SOURCE, which Swift's Glibc module lacks. */
int accept4(int sockfd, void *addr, void *addrlen, int flags);
