// Mesh vertex shader: instance transform, then the eye's view-projection, read from the frame's uniform
// block when the GPU runs (late latch). gl_ViewIndex picks the eye in multiview; view_base in per-view.
#version 450
#extension GL_EXT_multiview : require

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_model0;
layout(location = 3) in vec4 in_model1;
layout(location = 4) in vec4 in_model2;
layout(location = 5) in vec4 in_model3;
layout(location = 6) in vec4 in_color;

// Mirrors struct gfx_frame_ubo (runtime/gfx/gfx_internal.h).
layout(set = 0, binding = 0, std140) uniform frame_block {
    mat4 view_proj[2];
    vec4 eye_pos[2];
    vec4 sun_dir;
    vec4 sun_color;
    vec4 sky_color;
    vec4 ground_color;
    vec4 fog_color;
    vec4 params;
    vec4 light_pos_radius[16];
    vec4 light_color[16];
} frame;

layout(push_constant) uniform push_block {
    uint view_base;
} push;

layout(location = 0) out vec3 v_normal;
layout(location = 1) out vec3 v_world;
layout(location = 2) out vec3 v_eye;
layout(location = 3) out vec4 v_color;

void main()
{
    uint view = gl_ViewIndex + push.view_base;
    mat4 model = mat4(in_model0, in_model1, in_model2, in_model3);
    vec4 world = model * vec4(in_pos, 1.0);
    // Instances may be scaled unevenly (boxes): normals need the inverse transpose.
    v_normal = transpose(inverse(mat3(model))) * in_normal;
    v_world = world.xyz;
    v_eye = frame.eye_pos[view].xyz;
    v_color = in_color;
    gl_Position = frame.view_proj[view] * world;
}
