using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Fuzzing.Mutation;
using ModelGen.Fuzzing.Oracle;
using Xunit;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// The bugs the mutation campaign found, each rebuilt here with OnnxModelBuilder (its recipe is in
    /// Reliability/Corpus/mutations.tsv): before the fix each ended in MG0901 or in generated C# that did not compile;
    /// now each is a plain MG diagnostic.
    /// </summary>
    public sealed class FuzzingRegressionTests
    {
        private static CompileResult Compile(byte[] model, bool optimize = true) =>
            ModelCompiler.Compile(model, new CompileOptions("Fuzz", "Fuzzing", FuzzOptions.ModelPath, "ModelGen.fuzz.onnx", new Dictionary<string, long>(), optimize: optimize));

        /// <summary>Fails unless the result is refused with exactly the expected MG error (and no MG0901).</summary>
        private static CompileResult AssertDiagnosed(byte[] model, string id, string? messagePart = null)
        {
            var result = Compile(model);
            var errors = result.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
            Assert.False(result.Success, "expected " + id + " but it compiled");
            Assert.DoesNotContain(errors, p => p.Id == "MG0901");
            Assert.Contains(errors, p => p.Id == id && (messagePart == null || p.Message.Contains(messagePart, StringComparison.Ordinal)));
            return result;
        }

        /// <summary>varint mutator on test_softsign and test_layer_normalization: a declared dim of 2^63-1 overflowed Dim arithmetic.</summary>
        [Theory]
        [InlineData(long.MaxValue)]
        [InlineData(1L << 40)]
        public void AGraphInputDeclaringAHugeDimIsTooLarge(long dim) =>
            AssertDiagnosed(new OnnxModelBuilder("huge", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1, dim })
                .Node("Softsign", new[] { "x" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0301", "'x'");

        /// <summary>huge-shape mutator on test_argmin / test_hardsigmoid: 10^12 and 2^29 floats compiled to C# that did not compile (CS0266, CS0220).</summary>
        [Theory]
        [InlineData(1_000_000L, 1_000_000L)]
        [InlineData(1L, 536_870_912L)]
        public void AGraphInputOver2GBIsTooLarge(long rows, long columns) =>
            AssertDiagnosed(new OnnxModelBuilder("huge", opset: 13)
                .Input("x", ElementType.Float, new object[] { rows, columns })
                .Node("Relu", new[] { "x" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0301", "over 2 GB");

        [Fact]
        public void AGraphInputJustUnder2GBStillCompilesIntoAModel()
        {
            // The limit is bytes, not elements: 2^29 - 1 floats is under 2 GB and must not be refused at import.
            var result = Compile(new OnnxModelBuilder("edge", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1, 536_870_911L })
                .Node("Relu", new[] { "x" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes());
            Assert.DoesNotContain(result.Problems, p => p.Id == "MG0901" || (p.Id == "MG0301" && p.Message.Contains("Graph input", StringComparison.Ordinal)));
        }

        /// <summary>
        /// duplicate-field / delete-field mutators on test_reduce_* and test_split_*: a rank-2 'axes' or 'split' input made
        /// inference return no plan without a report (MG0901 "returned no plan and reported nothing").
        /// </summary>
        [Theory]
        [InlineData("ReduceSum")]
        [InlineData("ReduceMin")]
        [InlineData("ReduceL1")]
        [InlineData("ReduceLogSumExp")]
        public void AReduceWhoseAxesInputIsNotAVectorIsAShapeMismatch(string op) =>
            AssertDiagnosed(new OnnxModelBuilder("axes", opset: 18)
                .Input("x", ElementType.Float, new object[] { 2, 3 })
                .Input("axes", ElementType.Int64, new object[] { 1, 1 })
                .Node(op, new[] { "x", "axes" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0201", "must be 1-D");

        [Fact]
        public void ASplitWhoseSplitInputIsNotAVectorIsAShapeMismatch() =>
            AssertDiagnosed(new OnnxModelBuilder("split", opset: 13)
                .Input("x", ElementType.Float, new object[] { 6 })
                .Input("split", ElementType.Int64, new object[] { 2, 1 })
                .Node("Split", new[] { "x", "split" }, new[] { "a", "b" })
                .Output("a", ElementType.Float, null)
                .Output("b", ElementType.Float, null)
                .ToBytes(), "MG0201", "must be 1-D");

        /// <summary>varint mutator on test_constantofshape_int_shape_zero: Enumerable.Range over a dim of 2^63-1.</summary>
        [Fact]
        public void ConstantOfShapeOfAHugeShapeVectorIsTooLarge() =>
            AssertDiagnosed(new OnnxModelBuilder("cos", opset: 13)
                .Input("shape", ElementType.Int64, new object[] { long.MaxValue })
                .Node("ConstantOfShape", new[] { "shape" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0301");

        /// <summary>varint mutator on test_averagepool_3d_dilations_small: pads of 2^63-1 overflowed Dim.CeilDiv.</summary>
        [Fact]
        public void PoolingWithPadsThatOverflowIsTooLarge() =>
            AssertDiagnosed(new OnnxModelBuilder("pool", opset: 19)
                .Input("x", ElementType.Float, new object[] { 1, 1, 4, 4 })
                .Node("AveragePool", new[] { "x" }, new[] { "y" }, attributes: a => a.Ints("kernel_shape", 2, 2).Ints("pads", 0, long.MaxValue, 0, 0))
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0301", "overflows");

        /// <summary>Seen while fixing the above: axis 2^32 was cast to int before the range check and passed as axis 0.</summary>
        [Theory]
        [InlineData(1L << 32)]
        [InlineData(-(1L << 32))]
        [InlineData(long.MinValue)]
        public void AnAxisBeyondInt32IsOutOfRange(long axis) =>
            AssertDiagnosed(new OnnxModelBuilder("axis", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 3 })
                .Node("Softmax", new[] { "x" }, new[] { "y" }, attributes: a => a.Int("axis", axis))
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0103", "out of range");

        /// <summary>huge-shape mutator on initializers: 2^40 × 2^40 elements wraps to 0 as a long.</summary>
        [Fact]
        public void AnInitializerWhoseDimsWrapALongIsTooLarge()
        {
            var model = WithInitializerDims(new[] { 1L << 40, 1L << 40 });
            AssertDiagnosed(model, "MG0301", "Initializer 'w'");
        }

        /// <summary>A Constant claiming 400 million floats but holding one: refused without allocating the 1.6 GB first.</summary>
        [Fact]
        public void AConstantWhoseDimsClaimMoreThanItHoldsIsRefusedWithoutAllocatingThem()
        {
            var model = new OnnxModelBuilder("claims", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1 })
                .Node("Constant", new string[0], new[] { "k" }, attributes: a => a.Tensor("value", new[] { 1 }, new[] { 2f }))
                .Node("Add", new[] { "x", "k" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes();
            var tree = WireMessage.Parse(model)!;
            var tensor = tree.All(MessageKind.Tensor).Single();
            tensor.Fields.RemoveAll(f => f.Number == 1);
            tensor.Fields.Add(WireField.Varint(1, 400_000_000));
            var bytes = tree.ToBytes();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = Compile(bytes);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.False(result.Success);
            Assert.DoesNotContain(result.Problems, p => p.Id == "MG0901");
            Assert.True(allocated < 64L << 20, (allocated >> 20) + " MB allocated to refuse a " + bytes.Length + "-byte model");
        }

        /// <summary>
        /// external-data mutator: a location outside the model's folder was probed with File.Exists (and an absolute
        /// /etc/passwd reported as found); now it is refused (MG0006) without looking.
        /// </summary>
        [Theory]
        [InlineData("../../etc/passwd")]
        [InlineData("/etc/passwd")]
        [InlineData("sub/../../outside.bin")]
        [InlineData("C:\\weights.bin")]
        [InlineData("a\0b")]
        public void AnExternalDataLocationOutsideTheModelFolderIsRefusedUnprobed(string location)
        {
            var model = WithExternalData(location);
            var result = AssertDiagnosed(model, "MG0006", "is refused");
            Assert.DoesNotContain(result.Problems, p => p.Message.Contains("\0", StringComparison.Ordinal));
        }

        [Fact]
        public void AnExternalDataLocationInsideTheModelFolderIsStillLookedFor() =>
            AssertDiagnosed(WithExternalData("weights/w.bin"), "MG0003", "was not found");

        /// <summary>wrong-dtype mutator on test_ai_onnx_ml_tree_ensemble_single_tree: a tree tensor attribute of type 23 read as null (NullReferenceException).</summary>
        [Theory]
        [InlineData("nodes_modes")]
        [InlineData("nodes_splits")]
        [InlineData("leaf_weights")]
        public void ATreeEnsembleWhoseTensorAttributeDoesNotDecodeIsDiagnosed(string attribute)
        {
            var model = new OnnxModelBuilder("tree", opset: 21)
                .OpsetImport("ai.onnx.ml", 5)
                .Input("x", ElementType.Float, new object[] { 2, 1 })
                .Node("TreeEnsemble", new[] { "x" }, new[] { "y" }, domain: "ai.onnx.ml", attributes: a => a
                    .Ints("tree_roots", 0).Ints("nodes_featureids", 0).Tensor("nodes_splits", new[] { 1 }, new[] { 0.5f })
                    .Tensor("nodes_modes", new[] { 1 }, new[] { 0 }).Ints("nodes_truenodeids", 0).Ints("nodes_falsenodeids", 1)
                    .Ints("nodes_trueleafs", 1).Ints("nodes_falseleafs", 1).Ints("leaf_targetids", 0, 0)
                    .Tensor("leaf_weights", new[] { 2 }, new[] { 1f, 2f }).Int("aggregate_function", 1).Int("n_targets", 1))
                .Output("y", ElementType.Float, null)
                .ToBytes();
            var tree = WireMessage.Parse(model)!;
            var target = tree.All(MessageKind.Attribute).Single(a => a.TextOf(1) == attribute).All(MessageKind.Tensor).Single();
            target.Fields.RemoveAll(f => f.Number == 2);
            target.Fields.Add(WireField.Varint(2, 23));
            var result = Compile(tree.ToBytes());
            Assert.False(result.Success);
            Assert.DoesNotContain(result.Problems, p => p.Id == "MG0901");
            Assert.Contains(result.Problems, p => p.Severity == ProblemSeverity.Error && p.Id.StartsWith("MG", StringComparison.Ordinal));
        }

        /// <summary>op-type mutator on test_min_example ('Min' became 'Conv'): x[1] of a 1-D input threw IndexOutOfRangeException.</summary>
        [Fact]
        public void AConvOfAOneDimensionalInputIsAShapeMismatch() =>
            AssertDiagnosed(new OnnxModelBuilder("conv", opset: 13)
                .Input("x", ElementType.Float, new object[] { 3 })
                .Input("w", ElementType.Float, new object[] { 3 })
                .Node("Conv", new[] { "x", "w" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0201", "ranks of 3 or more");

        /// <summary>delete-field mutator on test_concat_1d_axis_negative_1 (the input's dims removed): Concat of scalars indexed s[0].</summary>
        [Fact]
        public void AConcatOfScalarsIsAShapeMismatch() =>
            AssertDiagnosed(new OnnxModelBuilder("concat", opset: 13)
                .Input("a", ElementType.Float, new object[0])
                .Input("b", ElementType.Float, new object[0])
                .Node("Concat", new[] { "a", "b" }, new[] { "y" }, attributes: a => a.Int("axis", -1))
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0201", "rank 1 or more");

        /// <summary>empty-name mutator on the conv-gemm seed (Concat's 'rest' renamed ''): a trailing empty variadic input reached Concat.Evaluate as null.</summary>
        [Fact]
        public void AConcatWithAnEmptyTrailingInputIsInvalid() =>
            AssertDiagnosed(new OnnxModelBuilder("concat", opset: 13)
                .Initializer("a", new[] { 1 }, new long[] { 2 })
                .Input("x", ElementType.Float, new object[] { 2 })
                .Node("Concat", new[] { "a", "" }, new[] { "shape" }, attributes: a => a.Int("axis", 0))
                .Node("Reshape", new[] { "x", "shape" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0105", "is empty");

        /// <summary>delete-field mutator on the if-branches seed (then_branch's graph removed): If.Infer dereferenced a null graph.</summary>
        [Fact]
        public void AnIfWhoseBranchAttributeHoldsNoGraphIsDiagnosed()
        {
            var then = new OnnxModelBuilder("then", opset: 13).Node("Neg", new[] { "x" }, new[] { "t" }).Output("t", ElementType.Float, null);
            var model = new OnnxModelBuilder("if", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2 })
                .Input("c", ElementType.Bool, new object[0])
                .Node("If", new[] { "c" }, new[] { "y" }, attributes: a => a.Graph("then_branch", then).Graph("else_branch", then))
                .Output("y", ElementType.Float, null)
                .ToBytes();
            var tree = WireMessage.Parse(model)!;
            tree.All(MessageKind.Attribute).First(a => a.TextOf(1) == "then_branch").Fields.RemoveAll(f => f.Number == 6);
            AssertDiagnosed(tree.ToBytes(), "MG0103", "holds no GRAPH");
        }

        /// <summary>
        /// huge-shape mutator on test_gradient_of_add_and_mul ('b' declared 400,000,000): Gradient filled a y-sized
        /// constant of ones at build time, 5 GB and over 10 s (the oracle's hang). Now the seed is a scalar expanded.
        /// </summary>
        [Fact]
        public void AGradientOfAHugeValueIsDecidedWithinTheOraclesLimits()
        {
            var model = new OnnxModelBuilder("grad", opset: 13)
                .OpsetImport("ai.onnx.preview.training", 1)
                .Input("a", ElementType.Float, new object[] { 400_000_000L })
                .Input("b", ElementType.Float, new object[] { 400_000_000L })
                .Node("Add", new[] { "a", "b" }, new[] { "c" })
                .Node("Gradient", new[] { "a", "b" }, new[] { "dc_da", "dc_db" }, domain: "ai.onnx.preview.training",
                    attributes: a => a.Strings("xs", "a", "b").String("y", "c"))
                .Output("c", ElementType.Float, null)
                .Output("dc_da", ElementType.Float, null)
                .Output("dc_db", ElementType.Float, null)
                .ToBytes();
            var verdict = new CompileOracle().Check(model, FuzzOptions.For(0));
            Assert.False(verdict.IsFailure, verdict.ToString());
        }

        /// <summary>
        /// campaign seed 12, mutant 5743 (external-data mutator, which deleted a field), on test_gradient_of_add: one 'xs' entry removed left the
        /// second output never computed, which reached the internal-error boundary (MG0901). Now MG0105.
        /// </summary>
        [Fact]
        public void AGradientWithMoreOutputsThanXsIsDiagnosed()
        {
            var model = new OnnxModelBuilder("grad", opset: 13)
                .OpsetImport("ai.onnx.preview.training", 1)
                .Input("a", ElementType.Float, new object[] { 3 })
                .Input("b", ElementType.Float, new object[] { 3 })
                .Node("Add", new[] { "a", "b" }, new[] { "c" })
                .Node("Gradient", new[] { "a", "b" }, new[] { "dc_da", "dc_db" }, domain: "ai.onnx.preview.training",
                    attributes: a => a.Strings("xs", "a").String("y", "c"))
                .Output("c", ElementType.Float, null)
                .Output("dc_da", ElementType.Float, null)
                .Output("dc_db", ElementType.Float, null)
                .ToBytes();
            AssertDiagnosed(model, "MG0105", "has 2 outputs but 'xs' names 1 values");
        }

        /// <summary>
        /// campaign seed 21, mutant 54537 (op-type mutator) on test_squeeze: the Squeeze became a TopK that names only
        /// its 'Values' output, and the lowering, which writes 'Indices' too, failed at the internal-error boundary
        /// (MG0901). A required output that is missing or empty is now MG0105, as ONNX's checker has it.
        /// </summary>
        [Theory]
        [InlineData("y")]
        [InlineData("y,")]
        public void ATopKWithoutItsIndicesOutputIsDiagnosed(string outputs) =>
            AssertDiagnosed(new OnnxModelBuilder("topk", opset: 13)
                .Input("x", ElementType.Float, new object[] { 3, 4 })
                .Input("k", ElementType.Int64, new object[] { 1 })
                .Node("TopK", new[] { "x", "k" }, outputs.Split(','))
                .Output("y", ElementType.Float, null)
                .ToBytes(), "MG0105", "required output 1 ('Indices') of TopK-11");

        /// <summary>
        /// campaign seed 21, mutant 70362 (wrong-dim mutator) on test_reduce_l2_empty_set: data [2^63-1, 0, 4] is empty,
        /// so it passes the size checks, but with the axes known only at run time the output's upper bound times 4 bytes
        /// overflowed 64 bits in the memory planner (MG0901). Now MG0301.
        /// </summary>
        [Fact]
        public void AnEmptyTensorWithAHugeDimReducedOverRunTimeAxesIsTooLarge() =>
            AssertDiagnosed(new OnnxModelBuilder("reduce", opset: 18)
                .Input("data", ElementType.Float, new object[] { long.MaxValue, 0L, 4L })
                .Input("axes", ElementType.Int64, new object[] { 1 })
                .Node("ReduceL2", new[] { "data", "axes" }, new[] { "reduced" }, attributes: a => a.Int("keepdims", 1))
                .Output("reduced", ElementType.Float, null)
                .ToBytes(), "MG0301", "overflows 64 bits");

        private static byte[] WithInitializerDims(long[] dims)
        {
            var model = new OnnxModelBuilder("init", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1 })
                .Initializer("w", new[] { 1 }, new[] { 1f })
                .Node("Add", new[] { "x", "w" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes();
            var tree = WireMessage.Parse(model)!;
            var tensor = tree.All(MessageKind.Tensor).Single();
            tensor.Fields.RemoveAll(f => f.Number == 1 || f.Number == 9 || f.Number == 4);
            foreach (long d in dims) tensor.Fields.Add(WireField.Varint(1, d));
            return tree.ToBytes();
        }

        private static byte[] WithExternalData(string location)
        {
            var model = new OnnxModelBuilder("ext", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1 })
                .Initializer("w", new[] { 1 }, new[] { 1f })
                .Node("Add", new[] { "x", "w" }, new[] { "y" })
                .Output("y", ElementType.Float, null)
                .ToBytes();
            var tree = WireMessage.Parse(model)!;
            var tensor = tree.All(MessageKind.Tensor).Single();
            tensor.Fields.RemoveAll(f => f.Number == 9 || f.Number == 4);
            tensor.Fields.Add(WireField.Child(13, new WireMessage(MessageKind.StringEntry).Add(WireField.Text(1, "location")).Add(WireField.Text(2, location))));
            tensor.Fields.Add(WireField.Varint(14, 1));
            return tree.ToBytes();
        }
    }
}
