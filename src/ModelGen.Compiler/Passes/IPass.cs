using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// A small, named graph rewrite. Returns how many rewrites it made (0: the graph is unchanged); the pass manager
    /// runs passes to a fixed point and records the counts in the <see cref="OptimizationLog"/>, where a fusing pass
    /// also records what it fused, by kind.
    /// </summary>
    internal interface IPass
    {
        string Name { get; }

        /// <summary>True for the passes the compiler always runs (folding, dead nodes, the load-time stage); false for the optimizing ones that <see cref="CompileOptions.Optimize"/> switches off.</summary>
        bool IsRequired { get; }

        int Run(Graph graph, OptimizationLog log);
    }
}
