// Mesh fragment shader: linear-space lighting (hemisphere ambient + sun + nearest point lights), emissive
// from color.w, linear fog for depth cue. An sRGB target encodes the result in hardware.
#version 450

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

layout(location = 0) in vec3 v_normal;
layout(location = 1) in vec3 v_world;
layout(location = 2) in vec3 v_eye;
layout(location = 3) in vec4 v_color;

layout(location = 0) out vec4 out_color;

void main()
{
    vec3 n = normalize(v_normal);
    vec3 albedo = v_color.rgb;
    vec3 light = mix(frame.ground_color.rgb, frame.sky_color.rgb, n.y * 0.5 + 0.5);
    light += frame.sun_color.rgb * max(dot(n, frame.sun_dir.xyz), 0.0);
    int count = int(frame.params.z);
    for (int i = 0; i < count; i++) {
        vec3 to_light = frame.light_pos_radius[i].xyz - v_world;
        float d2 = dot(to_light, to_light);
        float r = frame.light_pos_radius[i].w;
        // Inverse square, windowed to reach zero at the light's radius (no hard edge).
        float window = clamp(1.0 - (d2 * d2) / (r * r * r * r), 0.0, 1.0);
        float falloff = window * window / (d2 + 1.0);
        light += frame.light_color[i].rgb * falloff * max(dot(n, to_light * inversesqrt(max(d2, 1e-6))), 0.0);
    }
    vec3 color = albedo * light + albedo * v_color.w;
    float dist = length(v_eye - v_world);
    float fog = clamp((dist - frame.params.x) / (frame.params.y - frame.params.x), 0.0, 1.0);
    out_color = vec4(mix(color, frame.fog_color.rgb, fog), 1.0);
}
