/* libpq, PostgreSQL's C client (Debian: libpq-dev installs it under postgresql/). */
#include <postgresql/libpq-fe.h>
