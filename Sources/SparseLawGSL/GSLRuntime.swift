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
}

/// A Swift closure as GSL's `gsl_function`: the closure travels through GSL's `void *params` in
/// a retained box, which `release()` frees once GSL no longer calls it.
struct GSLFunction {
    private final class Box {
        let body: (Double) -> Double
        init(_ body: @escaping (Double) -> Double) { self.body = body }
    }

    private let box: Unmanaged<Box>
    var function: gsl_function

    init(_ body: @escaping (Double) -> Double) {
        box = Unmanaged.passRetained(Box(body))
        // The box outlives every call (GSL calls only between init and release()), so a call
        // borrows it without retaining: a quadrature calls the function many thousand times.
        function = gsl_function(function: { x, params in Unmanaged<Box>.fromOpaque(params!)._withUnsafeGuaranteedRef { $0.body(x) } },
                                params: box.toOpaque())
    }

    func release() { box.release() }
}

/// A status code GSL returned (`gsl_errno.h`), carried out of the boundary as a value: the words
/// for it are chosen by the rendering stage, so no English crosses from GSL into a result.
public struct GSLStatus: Sendable, Hashable, Codable {
    public var code: Int32

    public init(code: Int32) { self.code = code }
    init(_ code: Int32) { self.code = code }

    /// The status codes a caller may want to tell apart, with GSL's values.
    public enum Kind: Sendable, Hashable {
        /// GSL_EDOM: an input outside the function's domain (a law not finite at the start).
        case domain
        /// GSL_ENOMEM: GSL could not allocate memory.
        case noMemory
        /// GSL_EBADFUNC: the user's function returned a non-finite value.
        case badFunction
        /// GSL_EMAXITER: the iteration limit was reached.
        case maxIterations
        /// GSL_EROUND: round-off limited the accuracy.
        case roundOff
        /// GSL_ESING: a singular point was met.
        case singular
        /// GSL_EDIVERGE: the iteration or integral diverges.
        case divergent
        /// GSL_ENOPROG: the iteration makes no progress.
        case noProgress
        /// GSL_ETOLF, GSL_ETOLX, GSL_ETOLG: a tolerance cannot be reached.
        case toleranceUnreachable
        /// Any other code.
        case other
    }

    public var kind: Kind {
        switch code {
        case Int32(GSL_EDOM): return .domain
        case Int32(GSL_ENOMEM): return .noMemory
        case Int32(GSL_EBADFUNC): return .badFunction
        case Int32(GSL_EMAXITER): return .maxIterations
        case Int32(GSL_EROUND): return .roundOff
        case Int32(GSL_ESING): return .singular
        case Int32(GSL_EDIVERGE): return .divergent
        case Int32(GSL_ENOPROG): return .noProgress
        case Int32(GSL_ETOLF), Int32(GSL_ETOLX), Int32(GSL_ETOLG): return .toleranceUnreachable
        default: return .other
        }
    }
}
