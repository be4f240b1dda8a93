/* conns — the connections of jianbao serve, for what libmicrohttpd does not do itself: a deadline
 * for a whole request however slowly it trickles in (its own timeout is one of idleness), room at
 * the connection cap for new clients (the oldest connection still sending its request is closed),
 * and at a stop, waiting for the answers under way to go out. Knows sockets, not HTTP.
 *
 * Ownership and threads: jb_conns_start's list is the caller's until jb_conns_stop; it has a
 * thread of its own (the watcher) and a lock, and every call may come from any thread. A
 * connection is closed by shutdown(2) on its socket, never close(2): the caller's server still
 * owns the descriptor and must call jb_conns_remove before it closes it. */
#ifndef JB_CONNS_H
#define JB_CONNS_H

typedef struct jb_conns jb_conns;
typedef struct jb_conn jb_conn;

/* Where a connection's request is. */
typedef enum {
    JB_CONN_RECEIVING, /* its request is arriving: under the deadline, counted from the start */
    JB_CONN_WORKING,   /* the request has arrived and is being answered: no deadline, kept */
    JB_CONN_ANSWERED   /* answered: a next request on it has a deadline of its own from now */
} jb_conn_state;

/* Starts watching: a request not arrived timeout_s seconds after its connection (or the last
 * answer on it) is shut down; above evict_at connections, each new one shuts the oldest one still
 * receiving down. Caller owns *out; 0, or -1 (out of memory, no thread). */
int jb_conns_start(int timeout_s, int evict_at, jb_conns **out);

/* A new connection on socket fd, receiving; NULL when out of memory (it is then not watched). */
jb_conn *jb_conns_add(jb_conns *cs, int fd);

/* Forgets k (NULL is fine), before its socket is closed. */
void jb_conns_remove(jb_conns *cs, jb_conn *k);

void jb_conns_set(jb_conns *cs, jb_conn *k, jb_conn_state state);

/* Waits until no connection is working, at most seconds; 1 when none is, else 0. */
int jb_conns_wait_idle(jb_conns *cs, double seconds);

/* Stops the watcher and frees cs (NULL is fine); connections still listed are forgotten. */
void jb_conns_stop(jb_conns *cs);

#endif
