using System;

namespace ModelGen.Runtime
{
    /// <summary>
    /// Puts a compiled ONNX model into the user's own partial class:
    /// <c>[OnnxModel("Models/mnist.onnx")] public partial class Digits { }</c>.
    /// The path must match an &lt;AdditionalFiles&gt; item (compared by its end, with either slash).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class OnnxModelAttribute : Attribute
    {
        /// <summary>Names the model file.</summary>
        public OnnxModelAttribute(string path)
        {
            Path = path;
        }

        /// <summary>The model file, as listed in AdditionalFiles.</summary>
        public string Path { get; }

        /// <summary>Symbolic dims pinned at build time, "batch=1;seq=128" (like the Dims item metadata).</summary>
        public string? Dims { get; set; }
    }
}
