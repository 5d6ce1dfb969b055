import CGSL

/// GSL's process-wide setup. Its default error handler aborts the process on any error, which a
/// tool fed arbitrary data must never do: it is switched off once, before the first GSL call, and
/// every status code is checked instead.
enum GSLRuntime {
    private static let handlerOff: Void = {
        gsl_set_error_handler_off()
    }()

    /// Call before any GSL function; cheap after the first time.
    static func prepare() { _ = handlerOff }

    /// GSL's own text for a status code.
    static func message(_ status: Int32) -> String {
        String(cString: gsl_strerror(status))
    }
}
