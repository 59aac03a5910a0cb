namespace ModelGen.Runtime
{
    /// <summary>
    /// A compiled model's thread budget, for tools that hold a model as <see cref="ICompiledModel"/> (every generated
    /// class implements both). Apart from <see cref="ICompiledModel"/> so that classes implementing that one by hand
    /// (test doubles, adapters) need not change.
    /// </summary>
    public interface IThreadedModel
    {
        /// <summary>
        /// Most threads one call may use (1: the calling thread only; 0: "auto"); outputs are bit-identical for every
        /// value. See <see cref="Threading.ParallelRange"/>.
        /// </summary>
        int MaxThreads { get; set; }
    }
}
