namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// The attribute every generated method with a loop carries. Tiered compilation runs a new method's first calls as
    /// unoptimised code, in which vector intrinsics are calls and nothing is inlined; a loop over a tensor in that code
    /// runs several times slower, and a model's first Predict (what its construction time includes) is made of first
    /// calls. Optimising these methods at once costs more JIT time per method and saves far more in their first run.
    /// </summary>
    internal static class OptimizedFromFirstCall
    {
        public const string Attribute =
            "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";
    }
}
