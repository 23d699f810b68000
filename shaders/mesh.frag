// Mesh fragment shader: linear-space lighting (hemisphere ambient + sun per pixel, the point lights summed
// per vertex in mesh.vert), emissive from color.w, linear fog for depth cue. An sRGB target encodes the
// result in hardware.
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
layout(location = 4) in vec3 v_point;

layout(location = 0) out vec4 out_color;

void main()
{
    vec3 n = normalize(v_normal);
    vec3 albedo = v_color.rgb;
    vec3 light = mix(frame.ground_color.rgb, frame.sky_color.rgb, n.y * 0.5 + 0.5);
    light += frame.sun_color.rgb * max(dot(n, frame.sun_dir.xyz), 0.0) + v_point;
    vec3 color = albedo * light + albedo * v_color.w;
    float dist = length(v_eye - v_world);
    float fog = clamp((dist - frame.params.x) / (frame.params.y - frame.params.x), 0.0, 1.0);
    out_color = vec4(mix(color, frame.fog_color.rgb, fog), 1.0);
}
