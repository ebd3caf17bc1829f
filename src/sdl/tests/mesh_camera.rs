//! `mesh_camera` as read: its settings and meshes (copies of declared meshes, with
//! their transformations), and what POV-Ray refuses, with locations.

use super::support::{error, scene};
use crate::scene::Projection;

const MESHES: &str = "#declare A = mesh { triangle { <0,0,0>, <1,0,0>, <0,1,0> uv_vectors <0,0>, <1,0>, <0,1> } }\n\
                      #declare B = mesh2 { vertex_vectors { 3, <0,0,0>, <1,0,0>, <0,1,0> } face_indices { 1, <0,1,2> } }\n";

#[test]
fn settings_and_meshes_are_kept() {
    let s = scene(&format!(
        "{MESHES}camera {{ mesh_camera {{ 2, 0, 25 mesh {{ A }} mesh2 {{ B translate x }} }} location <0, 0, 0.1> }}"
    ));
    assert_eq!(s.camera.projection, Projection::Mesh);
    let m = s.camera.mesh.as_ref().expect("a mesh camera");
    assert_eq!(
        (m.rays_per_pixel, m.distribution, m.max_distance, m.smooth),
        (2, 0, 25.0, false)
    );
    assert_eq!(m.meshes.len(), 2);
    assert_eq!(m.meshes[0].triangles.len(), 1);
    assert!(m.meshes[0].transform.is_none());
    let moved = m.meshes[1].transform.expect("translated");
    assert_eq!(moved.w_axis.x, 1.0);
    assert_eq!(s.camera.location.z, 0.1);

    let s = scene(&format!(
        "{MESHES}camera {{ mesh_camera {{ 1 3 mesh {{ A }} smooth }} }}"
    ));
    let m = s.camera.mesh.as_ref().expect("a mesh camera");
    assert_eq!((m.distribution, m.smooth, m.max_distance), (3, true, 0.0));

    // Another projection after it replaces it, as the last projection keyword wins.
    let s = scene(&format!(
        "{MESHES}camera {{ mesh_camera {{ 1 0 mesh {{ A }} }} perspective }}"
    ));
    assert_eq!(s.camera.projection, Projection::Perspective);
    assert!(s.camera.mesh.is_none());
}

#[test]
fn a_mesh_copy_takes_modifiers() {
    let s = scene(&format!("{MESHES}mesh {{ A translate y pigment {{ rgb 1 }} }}"));
    assert_eq!(s.objects.len(), 1);
    assert_eq!(s.objects[0].transform.as_ref().expect("moved").w_axis.y, 1.0);
}

#[test]
fn what_povray_refuses_is_refused_where_it_is() {
    // Each error points at `token`, the last of its kind in the body.
    for (body, message, token) in [
        ("0 0 mesh { A }", "rays per pixel must be 1 to 4096, not 0", "0 0"),
        (
            "5000 1 mesh { A }",
            "rays per pixel must be 1 to 4096, not 5000",
            "5000",
        ),
        ("1 4 mesh { A }", "distribution type is 0, 1, 2 or 3, not 4", "4"),
        (
            "2 3 mesh { A }",
            "distribution 3 shoots 1 ray per pixel, not 2",
            "3",
        ),
        (
            "1 0, -1 mesh { A }",
            "max distance must be 0 or more, not -1",
            "-1",
        ),
        (
            "1 0 mesh { A } smooth",
            "`smooth` needs mesh camera distribution 3",
            "smooth",
        ),
        (
            "1 3 mesh { A } smooth mesh { A }",
            "expected `}` to close `mesh_camera`",
            "mesh",
        ),
        (
            "1 0 sphere { 0, 1 }",
            "expected `mesh`, `mesh2`, `smooth` or `}` in `mesh_camera`",
            "sphere",
        ),
        (
            "1 0 mesh { S }",
            "`mesh { S }` copies a mesh, but `S` is another kind of object",
            "S",
        ),
    ] {
        let text = format!("{MESHES}#declare S = sphere {{ 0, 1 }}\ncamera {{ mesh_camera {{ {body} }} }}");
        let e = error(&text);
        assert!(e.message().contains(message), "{body}: {e}");
        let at = e.location().expect("a location");
        let column = "camera { mesh_camera { ".len() + body.rfind(token).expect("the token") + 1;
        assert_eq!((at.line, at.column as usize), (4, column), "{body}: {e}");
    }
    for (body, message) in [
        ("1 0", "needs at least one `mesh` or `mesh2`"),
        (
            "3 0 mesh { A } mesh { A }",
            "needs a mesh for each of its 3 rays per pixel, found 2",
        ),
    ] {
        let e = error(&format!("{MESHES}camera {{ mesh_camera {{ {body} }} }}"));
        assert!(e.message().contains(message), "{body}: {e}");
        assert_eq!(e.location().expect("a location").line, 3, "{body}");
    }
}
