/* Richards, the C twin of benchmarks/programs/richards.py: the same tasks,
 * records and packets, with the task kinds' behaviour selected through a
 * function pointer (the Python version's overridden fn method).
 * usage: richards ITERATIONS */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

enum { I_IDLE = 1, I_WORK, I_HANDLERA, I_HANDLERB, I_DEVA, I_DEVB };
enum { K_DEV = 1000, K_WORK = 1001 };
#define BUFSIZE 4
#define TASKTABSIZE 10

struct packet {
    struct packet *link;
    long ident, kind, datum;
    long data[BUFSIZE];
};

/* Task records: one struct, the fields of each kind grouped. */
struct taskrec {
    struct packet *pending;                 /* device */
    long control, count;                    /* idle; count also worker */
    struct packet *work_in, *device_in;     /* handler */
    long destination;                       /* worker */
};

struct task;
struct area {
    struct task *task_tab[TASKTABSIZE];
    struct task *task_list;
    long hold_count, qpkt_count;
};

struct task {
    struct task *(*fn)(struct task *, struct packet *, struct taskrec *);
    struct area *area;
    struct task *link;
    long ident, priority;
    struct packet *input;
    bool packet_pending, task_waiting, task_holding;
    struct taskrec *handle;
};

static void *xmalloc(size_t size)
{
    void *p = calloc(1, size);
    if (!p) {
        perror("calloc");
        exit(1);
    }
    return p;
}

static struct packet *new_packet(struct packet *link, long ident, long kind)
{
    struct packet *p = xmalloc(sizeof *p);
    p->link = link;
    p->ident = ident;
    p->kind = kind;
    return p;
}

static struct packet *append_to(struct packet *self, struct packet *lst)
{
    self->link = NULL;
    if (lst == NULL)
        return self;
    struct packet *p = lst, *next = p->link;
    while (next != NULL) {
        p = next;
        next = p->link;
    }
    p->link = self;
    return lst;
}

static bool is_task_holding_or_waiting(const struct task *t)
{
    return t->task_holding || (!t->packet_pending && t->task_waiting);
}

static bool is_waiting_with_packet(const struct task *t)
{
    return t->packet_pending && t->task_waiting && !t->task_holding;
}

static struct task *findtcb(struct task *self, long ident)
{
    struct task *t = self->area->task_tab[ident];
    if (t == NULL) {
        fprintf(stderr, "bad task id %ld\n", ident);
        exit(1);
    }
    return t;
}

static struct task *add_packet(struct task *self, struct packet *p, struct task *old)
{
    if (self->input == NULL) {
        self->input = p;
        self->packet_pending = true;
        if (self->priority > old->priority)
            return self;
    } else {
        append_to(p, self->input);
    }
    return old;
}

static struct task *run_task(struct task *self)
{
    struct packet *msg;
    if (is_waiting_with_packet(self)) {
        msg = self->input;
        self->input = msg->link;
        if (self->input == NULL) {
            self->packet_pending = false;   /* running */
            self->task_waiting = false;
            self->task_holding = false;
        } else {
            self->packet_pending = true;    /* packet pending */
            self->task_waiting = false;
            self->task_holding = false;
        }
    } else {
        msg = NULL;
    }
    return self->fn(self, msg, self->handle);
}

static struct task *wait_task(struct task *self)
{
    self->task_waiting = true;
    return self;
}

static struct task *hold(struct task *self)
{
    self->area->hold_count += 1;
    self->task_holding = true;
    return self->link;
}

static struct task *release(struct task *self, long i)
{
    struct task *t = findtcb(self, i);
    t->task_holding = false;
    if (t->priority > self->priority)
        return t;
    return self;
}

static struct task *qpkt(struct task *self, struct packet *pkt)
{
    struct task *t = findtcb(self, pkt->ident);
    self->area->qpkt_count += 1;
    pkt->link = NULL;
    pkt->ident = self->ident;
    return add_packet(t, pkt, self);
}

static struct task *device_fn(struct task *self, struct packet *pkt, struct taskrec *d)
{
    if (pkt == NULL) {
        pkt = d->pending;
        if (pkt == NULL)
            return wait_task(self);
        d->pending = NULL;
        return qpkt(self, pkt);
    }
    d->pending = pkt;
    return hold(self);
}

static struct task *handler_fn(struct task *self, struct packet *pkt, struct taskrec *h)
{
    if (pkt != NULL) {
        if (pkt->kind == K_WORK)
            h->work_in = append_to(pkt, h->work_in);
        else
            h->device_in = append_to(pkt, h->device_in);
    }
    struct packet *work = h->work_in;
    if (work == NULL)
        return wait_task(self);
    long count = work->datum;
    if (count >= BUFSIZE) {
        h->work_in = work->link;
        return qpkt(self, work);
    }
    struct packet *dev = h->device_in;
    if (dev == NULL)
        return wait_task(self);
    h->device_in = dev->link;
    dev->datum = work->data[count];
    work->datum = count + 1;
    return qpkt(self, dev);
}

static struct task *idle_fn(struct task *self, struct packet *pkt, struct taskrec *i)
{
    (void)pkt;
    i->count -= 1;
    if (i->count == 0)
        return hold(self);
    if ((i->control & 1) == 0) {
        i->control /= 2;
        return release(self, I_DEVA);
    }
    i->control = (i->control / 2) ^ 0xd008;
    return release(self, I_DEVB);
}

static struct task *work_fn(struct task *self, struct packet *pkt, struct taskrec *w)
{
    if (pkt == NULL)
        return wait_task(self);
    long dest = w->destination == I_HANDLERA ? I_HANDLERB : I_HANDLERA;
    w->destination = dest;
    pkt->ident = dest;
    pkt->datum = 0;
    for (int i = 0; i < BUFSIZE; i++) {
        w->count += 1;
        if (w->count > 26)
            w->count = 1;
        pkt->data[i] = 'A' + w->count - 1;
    }
    return qpkt(self, pkt);
}

/* state: 0 running, 1 waiting, 2 waiting with packet */
static void new_task(struct area *area, long ident, long priority, struct packet *input,
                     int state, struct taskrec *handle,
                     struct task *(*fn)(struct task *, struct packet *, struct taskrec *))
{
    struct task *t = xmalloc(sizeof *t);
    t->fn = fn;
    t->area = area;
    t->link = area->task_list;
    t->ident = ident;
    t->priority = priority;
    t->input = input;
    t->packet_pending = state == 2;
    t->task_waiting = state >= 1;
    t->task_holding = false;
    t->handle = handle;
    area->task_list = t;
    area->task_tab[ident] = t;
}

static struct taskrec *new_rec(void)
{
    struct taskrec *r = xmalloc(sizeof *r);
    r->control = 1;          /* idle */
    r->count = 0;
    r->destination = I_HANDLERA;
    return r;
}

static void schedule(struct area *area)
{
    struct task *t = area->task_list;
    while (t != NULL) {
        if (is_task_holding_or_waiting(t))
            t = t->link;
        else
            t = run_task(t);
    }
}

/* Frees what one iteration allocated (the Python version leaves it to the GC). */
static void free_all(struct area *area)
{
    struct task *t = area->task_list;
    while (t != NULL) {
        struct task *next = t->link;
        free(t->handle);
        free(t);
        t = next;
    }
}

static struct packet *packets[16];
static int npackets;

static struct packet *pkt(struct packet *link, long ident, long kind)
{
    struct packet *p = new_packet(link, ident, kind);
    packets[npackets++] = p;
    return p;
}

static void run_once(struct area *area)
{
    area->hold_count = 0;
    area->qpkt_count = 0;
    area->task_list = NULL;
    for (int k = 0; k < TASKTABSIZE; k++)
        area->task_tab[k] = NULL;
    npackets = 0;

    struct taskrec *idle = new_rec();
    idle->count = 10000;
    new_task(area, I_IDLE, 1, NULL, 0, idle, idle_fn);

    struct packet *wkq = pkt(NULL, 0, K_WORK);
    wkq = pkt(wkq, 0, K_WORK);
    new_task(area, I_WORK, 1000, wkq, 2, new_rec(), work_fn);

    wkq = pkt(NULL, I_DEVA, K_DEV);
    wkq = pkt(wkq, I_DEVA, K_DEV);
    wkq = pkt(wkq, I_DEVA, K_DEV);
    new_task(area, I_HANDLERA, 2000, wkq, 2, new_rec(), handler_fn);

    wkq = pkt(NULL, I_DEVB, K_DEV);
    wkq = pkt(wkq, I_DEVB, K_DEV);
    wkq = pkt(wkq, I_DEVB, K_DEV);
    new_task(area, I_HANDLERB, 3000, wkq, 2, new_rec(), handler_fn);

    new_task(area, I_DEVA, 4000, NULL, 1, new_rec(), device_fn);
    new_task(area, I_DEVB, 5000, NULL, 1, new_rec(), device_fn);

    schedule(area);
}

int main(int argc, char **argv)
{
    long iterations = argc > 1 ? atol(argv[1]) : 10;
    struct area area = {{NULL}, NULL, 0, 0};
    long qpkt_total = 0, hold_total = 0, ok = 0;
    for (long it = 0; it < iterations; it++) {
        run_once(&area);
        qpkt_total += area.qpkt_count;
        hold_total += area.hold_count;
        if (area.qpkt_count == 23246 && area.hold_count == 9297)
            ok++;
        free_all(&area);
        for (int k = 0; k < npackets; k++)
            free(packets[k]);
    }
    printf("richards: %ld iterations, %ld correct\n", iterations, ok);
    printf("qpkt_count: %ld\n", qpkt_total);
    printf("hold_count: %ld\n", hold_total);
    return ok == iterations ? 0 : 1;
}
