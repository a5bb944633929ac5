# Writes external_data.onnx + external_data.onnx_data: y = x + w, x float32 [1, 4], w = [1, 2, 3, 4] kept in the
# sidecar file, so that a test can prove the SDK loads models by path (ORT finds the sidecar next to the file).
# Run offline with Debian's python3-onnx: /usr/bin/python3 make_external_data_model.py   (never at test time)
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

w = numpy_helper.from_array(np.array([[1, 2, 3, 4]], dtype=np.float32), name="w")
graph = helper.make_graph(
    [helper.make_node("Add", ["x", "w"], ["y"])],
    "external_data",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])],
    initializer=[w],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="echollama-test")
model.ir_version = 8
onnx.save_model(model, "external_data.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
                location="external_data.onnx_data", size_threshold=0)
onnx.checker.check_model("external_data.onnx")
