// Mesh vertex shader: instance transform, then the eye's view-projection, read from the frame's uniform
// block when the GPU runs (late latch). gl_ViewIndex picks the eye in multiview; view_base in per-view.
// All lighting and the fog happen here, per vertex (linear space; an sRGB target encodes in hardware):
// per pixel they were most of a software rasterizer's frame, and faces are flat or finely faceted.
// The overhead point lights never reach this shader as lights (per vertex they were most of lavapipe's
// vertex work). Two pipelines read the same inputs from different places (runtime/gfx/pipeline.c):
//  - animated instances: color and point from the instance (point = the lights summed on the CPU at the
//    instance's origin, arriving along point_dir.xyz; point_dir.w = 0). The spin variant (constant spin)
//    draws roller beds: one instance, a row of rollers, each turned about its own axis here by the angle
//    in the model's spare bottom-row entry model[0].w (scene.h), axes every point.w metres along local Z;
//  - merged static geometry: world-space vertices (model = identity) whose color and point are per vertex,
//    point baked once at upload with every light in reach (point_dir = (0, 0, 0, 1): taken as it is).
#version 450
#extension GL_EXT_multiview : require

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_model0;
layout(location = 3) in vec4 in_model1;
layout(location = 4) in vec4 in_model2;
layout(location = 5) in vec4 in_model3;
layout(location = 6) in vec4 in_color;     // rgb: linear albedo; w: emissive strength
layout(location = 7) in vec4 in_point;     // rgb: point-light radiance; w: spin pitch (spin pipeline)
layout(location = 8) in vec4 in_point_dir; // xyz: where that light mostly comes from; w: 1 = no direction

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
} frame;

// Set in the pipeline that draws meshes whose parts spin (gfx binds it for their batches).
layout(constant_id = 0) const bool spin = false;

layout(push_constant) uniform push_block {
    uint view_base;
} push;

layout(location = 0) out vec3 v_color; // lit, emissive added, fogged

void main()
{
    uint view = gl_ViewIndex + push.view_base;
    mat4 model = mat4(in_model0, in_model1, in_model2, in_model3);
    // The bottom row is not part of the transform (it carries the spin angle): affine, whatever it holds.
    model[0].w = 0.0;
    model[1].w = 0.0;
    model[2].w = 0.0;
    model[3].w = 1.0;
    vec3 pos = in_pos;
    vec3 normal = in_normal;
    if (spin) {
        // Every vertex lies within half a pitch of its roller's axis (y = 0, z = (k + 1/2) * pitch): turn it
        // about that axis, the same rotation about X as the scene's transforms (y' = c y - s z).
        float pitch = in_point.w;
        float axis_z = (floor(pos.z / pitch) + 0.5) * pitch;
        float c = cos(in_model0.w), s = sin(in_model0.w);
        vec2 r = vec2(pos.y, pos.z - axis_z);
        pos.yz = vec2(c * r.x - s * r.y, s * r.x + c * r.y + axis_z);
        normal.yz = vec2(c * normal.y - s * normal.z, s * normal.y + c * normal.z);
    }
    vec4 world = model * vec4(pos, 1.0);
    // Instances may be scaled unevenly (boxes): normals need the inverse transpose, which is the cofactor
    // matrix up to a positive factor (sign fixed for mirroring transforms); normalized below anyway.
    mat3 m = mat3(model);
    mat3 cofactor = mat3(cross(m[1], m[2]), cross(m[2], m[0]), cross(m[0], m[1]));
    vec3 n = normalize(cofactor * normal) * sign(dot(m[0], cofactor[0]));
    vec3 point = in_point.rgb * (max(dot(n, in_point_dir.xyz), 0.0) + in_point_dir.w);
    vec3 albedo = in_color.rgb;
    vec3 light = mix(frame.ground_color.rgb, frame.sky_color.rgb, n.y * 0.5 + 0.5);
    light += frame.sun_color.rgb * max(dot(n, frame.sun_dir.xyz), 0.0) + point;
    vec3 color = albedo * light + albedo * in_color.w;
    float dist = length(frame.eye_pos[view].xyz - world.xyz);
    float fog = clamp((dist - frame.params.x) / (frame.params.y - frame.params.x), 0.0, 1.0);
    v_color = mix(color, frame.fog_color.rgb, fog);
    gl_Position = frame.view_proj[view] * world;
}
