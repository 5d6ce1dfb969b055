#ifndef SPARSELAW_CGSL_SHIM_H
#define SPARSELAW_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_integration.h>

/* GSL publishes its solver kinds as global `const` pointers. Swift 6 imports such globals as
   shared mutable state and refuses them in strict concurrency, so they are returned by value here,
   each by a function `NAME(void)` returning the global `GLOBAL` of type `const TYPE *`. */
#define SPARSELAW_GSL_KIND(NAME, TYPE, GLOBAL) \
    static inline const TYPE *NAME(void) { return GLOBAL; }

SPARSELAW_GSL_KIND(sparselaw_nlinear_trust, gsl_multifit_nlinear_type, gsl_multifit_nlinear_trust)
SPARSELAW_GSL_KIND(sparselaw_nlinear_trs_lm, gsl_multifit_nlinear_trs, gsl_multifit_nlinear_trs_lm)
SPARSELAW_GSL_KIND(sparselaw_nlinear_trs_lmaccel, gsl_multifit_nlinear_trs, gsl_multifit_nlinear_trs_lmaccel)
SPARSELAW_GSL_KIND(sparselaw_nlinear_scale_more, gsl_multifit_nlinear_scale, gsl_multifit_nlinear_scale_more)
SPARSELAW_GSL_KIND(sparselaw_nlinear_solver_qr, gsl_multifit_nlinear_solver, gsl_multifit_nlinear_solver_qr)
SPARSELAW_GSL_KIND(sparselaw_root_brent, gsl_root_fsolver_type, gsl_root_fsolver_brent)

#endif
