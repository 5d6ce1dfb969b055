#ifndef SPARSELAW_CGSL_SHIM_H
#define SPARSELAW_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_integration.h>

/* GSL publishes its solver kinds as global `const` pointers. Swift 6 imports such globals as
   shared mutable state and refuses them in strict concurrency, so they are returned by value here. */

static inline const gsl_multifit_nlinear_type *sparselaw_nlinear_trust(void) {
    return gsl_multifit_nlinear_trust;
}

static inline const gsl_multifit_nlinear_trs *sparselaw_nlinear_trs_lm(void) {
    return gsl_multifit_nlinear_trs_lm;
}

static inline const gsl_multifit_nlinear_trs *sparselaw_nlinear_trs_lmaccel(void) {
    return gsl_multifit_nlinear_trs_lmaccel;
}

static inline const gsl_multifit_nlinear_scale *sparselaw_nlinear_scale_more(void) {
    return gsl_multifit_nlinear_scale_more;
}

static inline const gsl_multifit_nlinear_solver *sparselaw_nlinear_solver_qr(void) {
    return gsl_multifit_nlinear_solver_qr;
}

static inline const gsl_root_fsolver_type *sparselaw_root_brent(void) {
    return gsl_root_fsolver_brent;
}

static inline const gsl_min_fminimizer_type *sparselaw_min_brent(void) {
    return gsl_min_fminimizer_brent;
}

#endif
