// Mesh vertex shader: instance transform, then the eye's view-projection, read from the frame's uniform
// block when the GPU runs (late latch). gl_ViewIndex picks the eye in multiview; view_base in per-view.
// All lighting and the fog happen here, per vertex (linear space; an sRGB target encodes in hardware):
// per pixel they were most of a software rasterizer's frame, and faces are flat or finely faceted.
// The overhead point lights arrive summed per instance (gfx, on the CPU: per vertex they were most of
// lavapipe's vertex work). Flat instances larger than the lights' variation (floor slabs, roof) flag
// in_point.w, and the pipeline gfx binds for their batch (per_vertex_lights) sums the frame's lights here,
// per vertex, so the pools of light still show on them.
#version 450
#extension GL_EXT_multiview : require

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec4 in_model0;
layout(location = 3) in vec4 in_model1;
layout(location = 4) in vec4 in_model2;
layout(location = 5) in vec4 in_model3;
layout(location = 6) in vec4 in_color;
layout(location = 7) in vec4 in_point;     // rgb: point-light radiance at the instance; w: 1 = sum per vertex
layout(location = 8) in vec4 in_point_dir; // xyz: where that light mostly comes from

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

// Set in the pipeline that draws the batches holding large instances (gfx_instance.point[3] = 1).
layout(constant_id = 0) const bool per_vertex_lights = false;

layout(push_constant) uniform push_block {
    uint view_base;
} push;

layout(location = 0) out vec3 v_color; // lit, emissive added, fogged

void main()
{
    uint view = gl_ViewIndex + push.view_base;
    mat4 model = mat4(in_model0, in_model1, in_model2, in_model3);
    vec4 world = model * vec4(in_pos, 1.0);
    // Instances may be scaled unevenly (boxes): normals need the inverse transpose, which is the cofactor
    // matrix up to a positive factor (sign fixed for mirroring transforms); normalized below anyway.
    mat3 m = mat3(model);
    mat3 cofactor = mat3(cross(m[1], m[2]), cross(m[2], m[0]), cross(m[0], m[1]));
    vec3 n = normalize(cofactor * in_normal) * sign(dot(m[0], cofactor[0]));
    vec3 point = in_point.rgb * max(dot(n, in_point_dir.xyz), 0.0);
    if (per_vertex_lights && in_point.w > 0.5) {
        // All 16 slots, unused ones black (gfx fills them so): a constant trip count unrolls into plain
        // uniform loads, while a loop to params.z made llvmpipe gather per lane (~30% of this shader's time).
        for (int i = 0; i < 16; i++) {
            vec3 to_light = frame.light_pos_radius[i].xyz - world.xyz;
            float d2 = dot(to_light, to_light);
            float r = frame.light_pos_radius[i].w;
            // Inverse square, windowed to reach zero at the light's radius (no hard edge).
            float window = clamp(1.0 - (d2 * d2) / (r * r * r * r), 0.0, 1.0);
            float falloff = window * window / (d2 + 1.0);
            point += frame.light_color[i].rgb * falloff * max(dot(n, to_light * inversesqrt(max(d2, 1e-6))), 0.0);
        }
    }
    vec3 albedo = in_color.rgb;
    vec3 light = mix(frame.ground_color.rgb, frame.sky_color.rgb, n.y * 0.5 + 0.5);
    light += frame.sun_color.rgb * max(dot(n, frame.sun_dir.xyz), 0.0) + point;
    vec3 color = albedo * light + albedo * in_color.w;
    float dist = length(frame.eye_pos[view].xyz - world.xyz);
    float fog = clamp((dist - frame.params.x) / (frame.params.y - frame.params.x), 0.0, 1.0);
    v_color = mix(color, frame.fog_color.rgb, fog);
    gl_Position = frame.view_proj[view] * world;
}
