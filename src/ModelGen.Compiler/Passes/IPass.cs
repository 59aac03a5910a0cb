using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes
{
    /// <summary>A small, named graph rewrite. Returns true when it changed the graph; the pass manager runs passes to a fixed point.</summary>
    internal interface IPass
    {
        string Name { get; }
        bool Run(Graph graph);
    }
}
