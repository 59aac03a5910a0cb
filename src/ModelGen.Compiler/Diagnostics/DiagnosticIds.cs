using System.Collections.Generic;

namespace ModelGen.Compiler.Diagnostics
{
    /// <summary>
    /// The one table of ModelGen diagnostics. Ranges by stage:
    /// MG00xx reading the file, MG01xx import (unsupported ops, opsets, attributes, types),
    /// MG02xx shapes, MG03xx planning, MG04xx generator options, MG05xx analyzers, MG09xx internal errors.
    /// README's diagnostics table lists the same rows; a test keeps the two in step.
    /// </summary>
    public static class DiagnosticIds
    {
        public static readonly DiagnosticDescriptorInfo MalformedModel = new DiagnosticDescriptorInfo(
            "MG0001", ProblemSeverity.Error, "The .onnx file cannot be read",
            "The file is not a valid ONNX model: truncated, corrupt, or not protobuf. Re-export it, or check that the file is complete.");

        public static readonly DiagnosticDescriptorInfo MissingGraph = new DiagnosticDescriptorInfo(
            "MG0002", ProblemSeverity.Error, "The model has no graph",
            "A ModelProto without a graph has nothing to compile.");

        public static readonly DiagnosticDescriptorInfo MissingExternalData = new DiagnosticDescriptorInfo(
            "MG0003", ProblemSeverity.Error, "An external-data file is missing",
            "An initializer keeps its bytes in a file beside the model (data_location = EXTERNAL) and that file is not there. Put it next to the .onnx.");

        public static readonly DiagnosticDescriptorInfo UnsupportedExternalData = new DiagnosticDescriptorInfo(
            "MG0004", ProblemSeverity.Error, "External data is not supported yet",
            "The initializer's bytes live outside the .onnx file; ModelGen embeds only the .onnx. Re-save the model with all tensors inside the file (onnx.save(model, path, save_as_external_data=False)).");

        public static readonly DiagnosticDescriptorInfo RefusedExternalData = new DiagnosticDescriptorInfo(
            "MG0006", ProblemSeverity.Error, "An external-data reference is refused",
            "An initializer's external_data points outside the model's folder (an absolute path, '..', a symbolic link), or its offset and length lie outside the file or do not match the tensor's byte size. Nothing is read; the message names the tensor and the path.");

        public static readonly DiagnosticDescriptorInfo UnsupportedModelFeature = new DiagnosticDescriptorInfo(
            "MG0005", ProblemSeverity.Error, "The model uses a feature ModelGen does not support",
            "For example sparse initializers, model-local functions or training info. The message names the feature.");

        public static readonly DiagnosticDescriptorInfo UnsupportedOp = new DiagnosticDescriptorInfo(
            "MG0101", ProblemSeverity.Error, "Unsupported operator",
            "No ModelGen implementation exists for this op type and domain. Every unsupported node is reported, not only the first. See the supported-ops table in README.");

        public static readonly DiagnosticDescriptorInfo UnsupportedOpset = new DiagnosticDescriptorInfo(
            "MG0102", ProblemSeverity.Error, "Unsupported opset version",
            "The revision of the op that the model's opset selects is not implemented, does not exist yet at that opset, or the opset is newer than ONNX's newest that ModelGen knows (28). The message names the revision and the implemented ones. Convert the model with onnx.version_converter, or use a supported opset.");

        public static readonly DiagnosticDescriptorInfo UnsupportedAttribute = new DiagnosticDescriptorInfo(
            "MG0103", ProblemSeverity.Error, "Unsupported attribute value",
            "The attribute is valid ONNX, but this value is not implemented (or it is not valid for the op). The message names the attribute and value.");

        public static readonly DiagnosticDescriptorInfo UnsupportedElementType = new DiagnosticDescriptorInfo(
            "MG0104", ProblemSeverity.Error, "Unsupported element type",
            "The tensor's element type (dtype) is not supported by ModelGen or by this op.");

        public static readonly DiagnosticDescriptorInfo InvalidGraph = new DiagnosticDescriptorInfo(
            "MG0105", ProblemSeverity.Error, "The graph is not valid ONNX",
            "A node reads a value nothing defines, a value is defined twice, an input count is wrong, or the graph has a cycle.");

        public static readonly DiagnosticDescriptorInfo UnsupportedValueType = new DiagnosticDescriptorInfo(
            "MG0106", ProblemSeverity.Error, "Unsupported graph input or output type",
            "Graph inputs and outputs must be tensors; sequence, map, optional and sparse types are not supported yet.");

        public static readonly DiagnosticDescriptorInfo ShapeMismatch = new DiagnosticDescriptorInfo(
            "MG0201", ProblemSeverity.Error, "Incompatible shapes",
            "Shape inference found inputs whose shapes cannot work together (for example dims that do not broadcast). The message gives the shapes.");

        public static readonly DiagnosticDescriptorInfo DynamicShape = new DiagnosticDescriptorInfo(
            "MG0202", ProblemSeverity.Error, "A shape depends on run-time data",
            "Shapes may be expressions of the input dims, and dims set at run time by data-dependent ops (NonZero, a Reshape fed by a tensor). This node needs as a build-time number something only run time knows (an output rank, a loop-carried value that changes shape); pin the dim with Dims metadata, or see the message.");

        public static readonly DiagnosticDescriptorInfo UnknownInputShape = new DiagnosticDescriptorInfo(
            "MG0203", ProblemSeverity.Error, "A graph input has no shape",
            "A graph input declares no shape or an unnamed unknown dim. Give the dim a name in the model, or pin it with Dims=\"name=value\" metadata.");

        public static readonly DiagnosticDescriptorInfo BadDimOverride = new DiagnosticDescriptorInfo(
            "MG0204", ProblemSeverity.Warning, "A Dims override does not apply",
            "The Dims metadata is malformed (expected \"name=value;name=value\" with positive integers) or names a dim the model does not have.");

        public static readonly DiagnosticDescriptorInfo TensorTooLarge = new DiagnosticDescriptorInfo(
            "MG0301", ProblemSeverity.Error, "A tensor or the arena is too large",
            "A tensor with more than 2^31-1 elements, or an arena over 2 GB, cannot be held in a .NET span.");

        public static readonly DiagnosticDescriptorInfo InvalidClassName = new DiagnosticDescriptorInfo(
            "MG0401", ProblemSeverity.Error, "Invalid class name or namespace",
            "The ClassName or Namespace item metadata is not a valid C# identifier (or dotted name).");

        public static readonly DiagnosticDescriptorInfo ClassNameClash = new DiagnosticDescriptorInfo(
            "MG0402", ProblemSeverity.Error, "Two models map to the same class",
            "Two .onnx files would generate the same class in the same namespace. Set ClassName metadata on one of them.");

        public static readonly DiagnosticDescriptorInfo ModelFileNotFound = new DiagnosticDescriptorInfo(
            "MG0403", ProblemSeverity.Error, "[OnnxModel] names a file that is not an AdditionalFile",
            "The path in [OnnxModel(\"...\")] must match an .onnx file added as <AdditionalFiles Include=\"...\" /> (compared by the end of the path).");

        public static readonly DiagnosticDescriptorInfo RuntimeMismatch = new DiagnosticDescriptorInfo(
            "MG0404", ProblemSeverity.Error, "The ModelGen runtime does not match the generator",
            "Generated code calls the ModelGen.Runtime library of the same version as the generator that wrote it. The project references no ModelGen.Runtime, or another version of it: reference one ModelGen package (or the runtime and generator projects of one checkout).");

        public static readonly DiagnosticDescriptorInfo InvalidVisibility = new DiagnosticDescriptorInfo(
            "MG0405", ProblemSeverity.Warning, "Invalid Visibility",
            "The Visibility item metadata (or the ModelGenVisibility property) must be \"public\" or \"internal\". The class is generated public.");

        public static readonly DiagnosticDescriptorInfo InvalidWeightStorage = new DiagnosticDescriptorInfo(
            "MG0406", ProblemSeverity.Warning, "Invalid Weights",
            "The Weights item metadata (or the ModelGenWeights property) must be \"embedded\", \"file\" or \"stream\". The weights stay embedded.");

        public static readonly DiagnosticDescriptorInfo InvalidInstructionSet = new DiagnosticDescriptorInfo(
            "MG0407", ProblemSeverity.Warning, "Invalid InstructionSet",
            "The InstructionSet item metadata (or the ModelGenInstructionSet property) must be \"portable\", \"x86-64-v3\" or \"x86-64-v4\". The code stays portable.");

        public static readonly DiagnosticDescriptorInfo InvalidThreads = new DiagnosticDescriptorInfo(
            "MG0408", ProblemSeverity.Warning, "Invalid Threads",
            "The Threads item metadata (or the ModelGenThreads property) must be \"auto\" or a whole number from 1 to 1024. The model runs on the calling thread only (1).");

        public static readonly DiagnosticDescriptorInfo ClassNotPartial = new DiagnosticDescriptorInfo(
            "MG0501", ProblemSeverity.Error, "[OnnxModel] class must be partial",
            "The generator adds members to the class, so it must be declared partial (and not static or generic).");

        public static readonly DiagnosticDescriptorInfo PredictResultIgnored = new DiagnosticDescriptorInfo(
            "MG0502", ProblemSeverity.Warning, "Predict result is ignored",
            "The allocating Predict returns new output tensors and changes nothing else; a call used as a statement wastes the run. Use the result, discard it explicitly (_ = ...), or call the overload that writes into output spans.");

        public static readonly DiagnosticDescriptorInfo ModelCreatedInLoop = new DiagnosticDescriptorInfo(
            "MG0503", ProblemSeverity.Warning, "Model instance created inside a loop",
            "Each model instance allocates its own working memory; a `new` inside a for, foreach, while or do body does so on every iteration. Create the model once outside the loop and reuse it.");

        public static readonly DiagnosticDescriptorInfo PredictLengthMismatch = new DiagnosticDescriptorInfo(
            "MG0504", ProblemSeverity.Error, "Predict argument has the wrong length",
            "An argument made by new T[c] (directly or through a local initialised so) has a constant length other than the model's {Parameter}Length constant; Predict would throw ArgumentException on every call.");

        public static readonly DiagnosticDescriptorInfo RunsOnCpuInGpuSession = new DiagnosticDescriptorInfo(
            "MG0601", ProblemSeverity.Warning, "Runs on the CPU in the GPU session",
            "The project references ModelGen.Gpu, and this node has no GPU lowering yet: the GPU session runs it with the CPU kernel, copying its operands device to host and its results back. The outputs are the same; each such node costs a synchronisation and two copies. A model whose shapes are not static gets no GPU session at all.");

        public static readonly DiagnosticDescriptorInfo InternalError = new DiagnosticDescriptorInfo(
            "MG0901", ProblemSeverity.Error, "Internal compiler error",
            "ModelGen hit a bug while compiling this model. The message has the stage and exception; please report it with the model.");

        /// <summary>Every descriptor, in id order: the source of README's table and of the generator's descriptors.</summary>
        public static IReadOnlyList<DiagnosticDescriptorInfo> All { get; } = new[]
        {
            MalformedModel, MissingGraph, MissingExternalData, UnsupportedExternalData, UnsupportedModelFeature, RefusedExternalData,
            UnsupportedOp, UnsupportedOpset, UnsupportedAttribute, UnsupportedElementType, InvalidGraph, UnsupportedValueType,
            ShapeMismatch, DynamicShape, UnknownInputShape, BadDimOverride,
            TensorTooLarge,
            InvalidClassName, ClassNameClash, ModelFileNotFound, RuntimeMismatch, InvalidVisibility, InvalidWeightStorage, InvalidInstructionSet, InvalidThreads,
            ClassNotPartial, PredictResultIgnored, ModelCreatedInLoop, PredictLengthMismatch,
            RunsOnCpuInGpuSession,
            InternalError,
        };
    }
}
