using System;
using Google.Protobuf;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Reading
{
    /// <summary>Stage 1: bytes to a protobuf ModelProto. A truncated or corrupt file becomes MG0001, never an exception.</summary>
    internal static class OnnxReader
    {
        /// <summary>Google.Protobuf's default recursion limit, which CodedInputStream applies when none is given.</summary>
        private const int RecursionLimit = 100;

        public static ModelProto? Read(byte[] bytes, ProblemBag problems)
        {
            if (bytes.Length == 0)
            {
                problems.Add(DiagnosticIds.MalformedModel, "The file is empty.");
                return null;
            }
            ModelProto model;
            try
            {
                // Recursion limit guards against hostile, deeply nested messages.
                var input = new CodedInputStream(bytes);
                model = ModelProto.Parser.ParseFrom(input);
                if (!input.IsAtEnd) throw new InvalidOperationException("trailing bytes after the message");
            }
            catch (InvalidProtocolBufferException e) when (e.Message.IndexOf("levels of nesting", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // Google.Protobuf stops at 100 levels (its default recursion limit), long before the stack: a nesting bomb ends here.
                problems.Add(DiagnosticIds.MalformedModel, "The file's protobuf messages are nested too deeply (over " + RecursionLimit + " levels; subgraphs inside subgraphs, or types inside types). It may be malicious; ModelGen does not read it.");
                return null;
            }
            catch (InvalidProtocolBufferException e)
            {
                problems.Add(DiagnosticIds.MalformedModel, "The file is not a valid ONNX protobuf message (" + e.Message.TrimEnd('.') + "). It may be truncated or corrupt.");
                return null;
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is OverflowException || e is IndexOutOfRangeException)
            {
                problems.Add(DiagnosticIds.MalformedModel, "The file is not a valid ONNX protobuf message (" + e.GetType().Name + ": " + e.Message + ").");
                return null;
            }
            if (model.Graph == null)
            {
                problems.Add(DiagnosticIds.MissingGraph, "The model has no graph (ModelProto.graph is missing).");
                return null;
            }
            return model;
        }
    }
}
