using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX GlobalAveragePool: the mean over all spatial dims of each (batch, channel) plane, for any spatial rank
    /// (symbolic spatial dims included); the output keeps the rank with spatial dims of 1.
    /// Spec: https://onnx.ai/onnx/operators/onnx__GlobalAveragePool.html
    /// </summary>
    internal sealed class GlobalAveragePool : GlobalPoolOp
    {
        public GlobalAveragePool() : base("GlobalAveragePool") { }

        public override string Summary => "the mean of each (batch, channel) plane over any spatial rank, symbolic spatial dims included; sums in float chunks and double.";

        protected override string Kernel => "globalpool.average";
    }
}
