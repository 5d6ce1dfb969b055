// The library as one import: `import SparseLaw` brings every stage, in the order data flow
// through them (see docs/architecture.md). Code inside the package imports the stages it uses,
// so that the compiler keeps the flow one way.
@_exported import SparseLawCore
@_exported import SparseLawGSL
@_exported import SparseLawReader
@_exported import SparseLawLaws
@_exported import SparseLawFitting
@_exported import SparseLawDecisions
@_exported import SparseLawDesign
@_exported import SparseLawRendering
