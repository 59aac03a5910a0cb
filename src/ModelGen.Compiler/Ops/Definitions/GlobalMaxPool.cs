using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX GlobalMaxPool: the maximum over all spatial dims of each (batch, channel) plane, for any spatial rank
    /// (symbolic spatial dims included); the output keeps the rank with spatial dims of 1. A NaN in a plane gives NaN.
    /// Spec: https://onnx.ai/onnx/operators/onnx__GlobalMaxPool.html
    /// </summary>
    internal sealed class GlobalMaxPool : GlobalPoolOp
    {
        public GlobalMaxPool() : base("GlobalMaxPool") { }

        public override string Summary => "the maximum of each (batch, channel) plane over any spatial rank, symbolic spatial dims included.";

        protected override string Kernel => "globalpool.max";
    }
}
