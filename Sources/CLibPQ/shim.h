#ifndef METAHOSPITAL_CLIBPQ_SHIM_H
#define METAHOSPITAL_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
